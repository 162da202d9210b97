using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Blocks;

/// <summary>
/// One named piece of a block's body, in forward order. <see cref="Name"/> is the child module the
/// builder registers under the block ("expand", "dw", "se", "project", "pw"); null means the part's
/// layers sit directly in the block (the regular conv block's "conv" / "bn"). Every consumer names a
/// layer, node or weight with <see cref="Child"/>, so the names are written here only.
/// </summary>
public abstract record BlockPart(string? Name)
{
    /// <summary>Dotted name of <paramref name="leaf"/> inside this part, relative to the block ("dw.bn", or "bn" for an inline part).</summary>
    public string Child(string leaf) => Name is null ? leaf : $"{Name}.{leaf}";
}

/// <summary>Bias-free kxk conv ("same" padding) + BN + activation (<see cref="Activation.None"/> = linear); layers "conv", "bn".</summary>
public sealed record ConvBnActPart(string? Name, int InChannels, int OutChannels, int Kernel, int Stride, int Groups, Activation Activation)
    : BlockPart(Name)
{
    public string ConvName => Child("conv");
    public string BnName => Child("bn");
}

/// <summary>
/// Depthwise conv + BN + activation. One kernel: a single depthwise conv "conv". Several: MixConv, the
/// channels split by <see cref="Splits"/> (equal, remainder to group 0), group g convolved with kernel g
/// as "conv.g", outputs concatenated, then one BN over all channels.
/// </summary>
public sealed record DepthwisePart(string Name, int Channels, ValueList<int> Kernels, int Stride, Activation Activation)
    : BlockPart(Name)
{
    public bool IsMixConv => Kernels.Count > 1;
    /// <summary>Channels of each kernel group (one group for a plain depthwise conv).</summary>
    public IReadOnlyList<int> Splits => Architecture.Channels.Split(Channels, Kernels.Count);
    /// <summary>Name of group <paramref name="group"/>'s conv: "conv" for a plain depthwise conv, "conv.g" for MixConv.</summary>
    public string ConvName(int group) => IsMixConv ? Child($"conv.{group}") : Child("conv");
    public string BnName => Child("bn");
}

/// <summary>How the SE excitation becomes a gate.</summary>
public enum SeGate { Sigmoid, HardSigmoid }

/// <summary>
/// Squeeze-and-excitation on <see cref="Channels"/>: global pool, 1x1 conv with bias "reduce" to
/// <see cref="Reduced"/>, <see cref="Activation"/>, 1x1 conv with bias "expand", <see cref="Gate"/>, scale the input.
/// </summary>
public sealed record SqueezeExcitePart(string Name, int Channels, int Reduced, Activation Activation, SeGate Gate)
    : BlockPart(Name)
{
    public string ReduceName => Child("reduce");
    public string ExpandName => Child("expand");
}
