using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Spaces;

/// <summary>
/// Every base and choice list of a factorized hierarchical (MnasNet / MixNet) space. Defaults are the MnasNet
/// paper's space; <see cref="MixNet"/> gives the MixNet additions. Categorical lists are names so a YAML config
/// can set them: ops conv | sep | mbconv, skips pool | identity | none, activations relu | relu6 | swish | hswish.
/// </summary>
public sealed record FactorizedSpaceOptions
{
    public string Name { get; init; } = "mnasnet";
    public StemSpec Stem { get; init; } = new() { Kernel = 3, Stride = 2, Channels = 32, Activation = Activation.ReLU };
    public HeadSpec Head { get; init; } = new() { ConvChannels = 1280, ConvActivation = Activation.ReLU, Dropout = 0.2 };
    public int NumClasses { get; init; } = 1000;
    public int InputResolution { get; init; } = 224;
    public IReadOnlyList<SkeletonBlock> Skeleton { get; init; } = SkeletonBlock.MobileNetV2;

    public IReadOnlyList<string> ConvOps { get; init; } = ["conv", "sep", "mbconv"];
    /// <summary>Kernel choices; a choice with several kernels is a MixConv group list.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Kernels { get; init; } = [[3], [5]];
    public IReadOnlyList<double> SeRatios { get; init; } = [0.0, 0.25];
    public SeStyle SeStyle { get; init; } = SeStyle.Block;
    public IReadOnlyList<string> SkipOps { get; init; } = ["pool", "identity", "none"];
    /// <summary>Output filters = make_divisible(base * multiplier, <see cref="ChannelDivisor"/>).</summary>
    public IReadOnlyList<double> FilterMultipliers { get; init; } = [0.75, 1.0, 1.25];
    /// <summary>Layers = base + offset (0 removes the block's layers).</summary>
    public IReadOnlyList<int> RepeatOffsets { get; init; } = [-1, 0, 1];
    /// <summary>Only used by mbconv blocks.</summary>
    public IReadOnlyList<double> Expansions { get; init; } = [3.0, 6.0];
    public IReadOnlyList<string> Activations { get; init; } = [ActivationNames.ReLU];
    public IReadOnlyList<int> ExpandGroups { get; init; } = [1];
    public IReadOnlyList<int> ProjectGroups { get; init; } = [1];
    public int ChannelDivisor { get; init; } = 8;

    /// <summary>The MnasNet paper space on the MobileNetV2 skeleton (the defaults).</summary>
    public static FactorizedSpaceOptions MnasNet { get; } = new();

    /// <summary>
    /// MixNet space: MnasNet's plus MixConv kernel groups (1..5 groups of 3,5,7,9,11), swish, grouped 1x1s,
    /// expansion {1,3,6}, SE {0, 0.25, 0.5}; regular conv is dropped because it cannot take kernel groups.
    /// </summary>
    public static FactorizedSpaceOptions MixNet { get; } = new()
    {
        Name = "mixnet",
        Stem = new() { Kernel = 3, Stride = 2, Channels = 16, Activation = Activation.ReLU },
        Head = new() { ConvChannels = 1536, ConvActivation = Activation.ReLU, Dropout = 0.2 },
        ConvOps = ["sep", "mbconv"],
        Kernels = [[3], [3, 5], [3, 5, 7], [3, 5, 7, 9], [3, 5, 7, 9, 11]],
        SeRatios = [0.0, 0.25, 0.5],
        Expansions = [1.0, 3.0, 6.0],
        Activations = [ActivationNames.ReLU, ActivationNames.Swish],
        ExpandGroups = [1, 2],
        ProjectGroups = [1, 2],
    };
}
