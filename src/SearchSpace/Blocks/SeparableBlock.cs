using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Blocks;

/// <summary>
/// Depthwise-separable block (timm "ds"): depthwise (or MixConv) "dw", optional SE, pointwise 1x1 "pw"
/// (groups <see cref="BlockSpec.ProjectGroups"/>), activated only with <see cref="BlockSpec.ProjectActivation"/> (MobileNetV1).
/// </summary>
public sealed class SeparableBlock : IBlockDefinition
{
    public static SeparableBlock Instance { get; } = new();
    public BlockOp Op => BlockOp.SepConv;
    public string DisplayName => "SepConv";
    public bool Expands => false;

    public int MidChannels(BlockSpec b, int inChannels) => inChannels;

    public IReadOnlyList<BlockPart> Body(BlockSpec b, int inChannels, int stride)
    {
        var parts = new List<BlockPart> { Depthwise.Part(b, inChannels, stride) };
        if (SqueezeExcitation.Part(b, inChannels, inChannels) is { } se) parts.Add(se);
        parts.Add(new ConvBnActPart("pw", inChannels, b.OutChannels, 1, 1, b.ProjectGroups,
            b.ProjectActivation ? b.Activation : Activation.None));
        return parts;
    }
}
