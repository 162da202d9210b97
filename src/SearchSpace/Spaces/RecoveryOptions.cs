using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Zoo;

namespace NasLab.SearchSpace.Spaces;

/// <summary>
/// Space options under which the published networks are points of the space (Encode then Decode gives them back).
/// The paper defaults cannot express them all: MnasNet-A1 has 112 filters in block 5 (96 x {0.75, 1, 1.25}
/// gives 72/96/120) and MnasNet-B1 has 192 in block 6 (160 x ... gives 120/160/200), so those two move one base
/// width; MixNet-S/M vary expansion, kernels and activation inside a MobileNetV2 stage, so their skeleton is
/// their own 11 rows (the choice lists stay the MixNet defaults); NASNet-A's reduction cell outputs b2 although
/// block 4 reads it, so its reduction concat is explicit.
/// </summary>
public static class RecoveryOptions
{
    /// <summary>MnasNet paper space with block 5's base width 112 instead of 96.</summary>
    public static FactorizedSpaceOptions MnasNetA1 { get; } = FactorizedSpaceOptions.MnasNet with
    {
        Skeleton = SkeletonBlock.MobileNetV2.Select((s, i) => i == 4 ? s with { BaseFilters = 112 } : s).ToList(),
    };

    /// <summary>MnasNet paper space with block 6's base width 192 instead of 160.</summary>
    public static FactorizedSpaceOptions MnasNetB1 { get; } = FactorizedSpaceOptions.MnasNet with
    {
        Skeleton = SkeletonBlock.MobileNetV2.Select((s, i) => i == 5 ? s with { BaseFilters = 192 } : s).ToList(),
    };

    public static FactorizedSpaceOptions MixNetS { get; } = MixNetOn(MixNets.S());
    public static FactorizedSpaceOptions MixNetM { get; } = MixNetOn(MixNets.M());

    /// <summary>NASNet space around the NASNet-A Mobile network, reduction concat (b2, b3, b4, b5).</summary>
    public static CellSpaceOptions NasNetAMobile { get; } = CellSpaceOptions.NasNet with
    {
        Template = NasNets.Mobile(),
        ReductionConcat = ["b2", "b3", "b4", "b5"],
    };

    private static FactorizedSpaceOptions MixNetOn(BlockNetwork net) => FactorizedSpaceOptions.MixNet with
    {
        Stem = net.Stem,
        Head = net.Head,
        Skeleton = SkeletonBlock.FromNetwork(net),
    };
}
