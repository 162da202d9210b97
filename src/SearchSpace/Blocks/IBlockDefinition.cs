using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Blocks;

/// <summary>
/// One block type (timm's one class per block): its width rule and its body as named parts. The shortcut
/// (<see cref="BlockShortcut.For"/>) is the same for every type and is added by <see cref="BlockPlan.Of"/>.
/// </summary>
public interface IBlockDefinition
{
    BlockOp Op { get; }
    /// <summary>Short display name ("MBConv", "SepConv", "Conv").</summary>
    string DisplayName { get; }
    /// <summary>Whether the block has an expansion ratio / expanded width (so reports show it).</summary>
    bool Expands { get; }
    /// <summary>Width at which the depthwise conv and SE act for a repeat with <paramref name="inChannels"/> inputs.</summary>
    int MidChannels(BlockSpec b, int inChannels);
    /// <summary>The body's parts in forward order, with the names the builder registers.</summary>
    IReadOnlyList<BlockPart> Body(BlockSpec b, int inChannels, int stride);
}
