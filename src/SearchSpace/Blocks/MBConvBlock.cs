using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Blocks;

/// <summary>
/// Inverted residual / MBConv (timm "ir"): 1x1 "expand" (groups <see cref="BlockSpec.ExpandGroups"/>) only when the
/// expanded width differs from the input, depthwise (or MixConv) "dw", optional SE, linear 1x1 "project"
/// (groups <see cref="BlockSpec.ProjectGroups"/>).
/// </summary>
public sealed class MBConvBlock : IBlockDefinition
{
    public static MBConvBlock Instance { get; } = new();
    public BlockOp Op => BlockOp.MBConv;
    public string DisplayName => "MBConv";
    public bool Expands => true;

    public int MidChannels(BlockSpec b, int inChannels) =>
        b.ExpandedChannels ?? (int)Math.Round(inChannels * b.Expansion, MidpointRounding.AwayFromZero);

    public IReadOnlyList<BlockPart> Body(BlockSpec b, int inChannels, int stride)
    {
        int mid = MidChannels(b, inChannels);
        var parts = new List<BlockPart>();
        if (mid != inChannels) parts.Add(new ConvBnActPart("expand", inChannels, mid, 1, 1, b.ExpandGroups, b.Activation));
        parts.Add(Depthwise.Part(b, mid, stride));
        if (SqueezeExcitation.Part(b, inChannels, mid) is { } se) parts.Add(se);
        parts.Add(new ConvBnActPart("project", mid, b.OutChannels, 1, 1, b.ProjectGroups, Activation.None));
        return parts;
    }
}
