using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Blocks;

/// <summary>Regular block (timm "cn"): kxk conv + BN + act directly in the block ("conv", "bn"), optional SE on its output.</summary>
public sealed class ConvBlock : IBlockDefinition
{
    public static ConvBlock Instance { get; } = new();
    public BlockOp Op => BlockOp.Conv;
    public string DisplayName => "Conv";
    public bool Expands => false;

    public int MidChannels(BlockSpec b, int inChannels) => b.OutChannels;

    public IReadOnlyList<BlockPart> Body(BlockSpec b, int inChannels, int stride)
    {
        var parts = new List<BlockPart> { new ConvBnActPart(null, inChannels, b.OutChannels, b.Kernels[0], stride, 1, b.Activation) };
        if (SqueezeExcitation.Part(b, inChannels, b.OutChannels) is { } se) parts.Add(se);
        return parts;
    }
}
