using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Blocks;

/// <summary>The definition of each <see cref="BlockOp"/>; a new op adds its class and one line here.</summary>
public static class BlockDefinitions
{
    public static IBlockDefinition For(BlockOp op) => op switch
    {
        BlockOp.Conv => ConvBlock.Instance,
        BlockOp.SepConv => SeparableBlock.Instance,
        BlockOp.MBConv => MBConvBlock.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "no block definition"),
    };
}
