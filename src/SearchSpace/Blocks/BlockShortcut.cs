using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Blocks;

/// <summary>What a block repeat adds to its body's output.</summary>
public enum ShortcutKind { None, Identity, Pool }

/// <summary>
/// The shortcut of one repeat. <see cref="ShortcutKind.Pool"/>: average-pool the input with kernel = stride =
/// <see cref="PoolStride"/> (ceil mode, padding excluded) when it is above 1, then <see cref="Projection"/> ("skip")
/// when the width changes.
/// </summary>
public sealed record BlockShortcut(ShortcutKind Kind, int PoolStride, ConvBnActPart? Projection)
{
    public static BlockShortcut None { get; } = new(ShortcutKind.None, 1, null);

    /// <summary>
    /// The one shortcut rule: identity only where input and output shapes match (stride 1, same width);
    /// pool skip always, projected when widths differ (so it works on every repeat).
    /// </summary>
    public static BlockShortcut For(BlockSpec b, int inChannels, int stride) => b.Skip switch
    {
        SkipOp.Identity when stride == 1 && inChannels == b.OutChannels => new(ShortcutKind.Identity, 1, null),
        SkipOp.Pool => new(ShortcutKind.Pool, stride, inChannels == b.OutChannels
            ? null
            : new ConvBnActPart("skip", inChannels, b.OutChannels, 1, 1, 1, Activation.None)),
        _ => None,
    };
}
