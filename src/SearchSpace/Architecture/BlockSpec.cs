namespace NasLab.SearchSpace.Architecture;

/// <summary>
/// One stage: a block repeated <see cref="Repeats"/> times. Only the first repeat uses <see cref="Stride"/>;
/// later repeats take <see cref="OutChannels"/> as input and stride 1 (timm / MnasNet convention).
/// A stage with 0 repeats contributes nothing (the search spaces use it for "layers = base - 1" on a base of 1).
/// </summary>
public sealed record BlockSpec
{
    public BlockOp Op { get; init; } = BlockOp.MBConv;
    public int Repeats { get; init; } = 1;
    /// <summary>One kernel: plain depthwise conv. Several: MixConv, channels split equally, remainder to the first group.</summary>
    public ValueList<int> Kernels { get; init; } = [3];
    public int Stride { get; init; } = 1;
    public int OutChannels { get; init; }
    /// <summary>MBConv expansion ratio; expanded width = round(in * ratio). Ignored when <see cref="ExpandedChannels"/> is set.</summary>
    public double Expansion { get; init; } = 1.0;
    /// <summary>Explicit expanded width (MobileNetV3 tables give widths, not ratios).</summary>
    public int? ExpandedChannels { get; init; }
    /// <summary>0 = no squeeze-and-excitation.</summary>
    public double SeRatio { get; init; }
    public SeStyle SeStyle { get; init; } = SeStyle.Block;
    public SkipOp Skip { get; init; } = SkipOp.Identity;
    public Activation Activation { get; init; } = Activation.ReLU;
    /// <summary>Groups of the MBConv 1x1 expand conv (MixNet "a2").</summary>
    public int ExpandGroups { get; init; } = 1;
    /// <summary>Groups of the 1x1 project conv (MixNet "p2"), also the pointwise conv of a separable block.</summary>
    public int ProjectGroups { get; init; } = 1;
    /// <summary>Activation after the pointwise conv of a separable block (MobileNetV1); MBConv projections are always linear.</summary>
    public bool ProjectActivation { get; init; }

    // The rules below live in the block definitions (NasLab.SearchSpace.Blocks); these members only forward.

    /// <summary>
    /// Width at which the depthwise conv and SE act, for a repeat with <paramref name="inChannels"/> inputs:
    /// the expanded width for MBConv, the input for a separable block, the output for a regular conv.
    /// </summary>
    public int MidChannels(int inChannels) => Blocks.BlockDefinitions.For(Op).MidChannels(this, inChannels);

    /// <summary>Squeeze width of the SE module of a repeat (0 when the block has no SE).</summary>
    public int SeChannels(int inChannels) => Blocks.SqueezeExcitation.Reduced(this, inChannels, MidChannels(inChannels));

    /// <summary>True when repeat <paramref name="repeat"/> (0-based) of this stage adds a shortcut.</summary>
    public bool HasShortcut(int inChannels, int repeat) =>
        Blocks.BlockShortcut.For(this, repeat == 0 ? inChannels : OutChannels, repeat == 0 ? Stride : 1).Kind != Blocks.ShortcutKind.None;
}
