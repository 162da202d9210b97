using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Spaces;

/// <summary>One searched block of a factorized hierarchical space: its base width, base layer count and first-layer stride.</summary>
public sealed record SkeletonBlock(int BaseFilters, int BaseRepeats, int Stride)
{
    /// <summary>The MobileNetV2 skeleton the MnasNet paper uses: (16,1,1) (24,2,2) (32,3,2) (64,4,2) (96,3,1) (160,3,2) (320,1,1).</summary>
    public static IReadOnlyList<SkeletonBlock> MobileNetV2 { get; } =
    [
        new(16, 1, 1), new(24, 2, 2), new(32, 3, 2), new(64, 4, 2), new(96, 3, 1), new(160, 3, 2), new(320, 1, 1),
    ];

    /// <summary>One skeleton block per stage of <paramref name="net"/>: its width, repeats and stride as the bases.</summary>
    public static IReadOnlyList<SkeletonBlock> FromNetwork(BlockNetwork net) =>
        net.Stages.Select(s => new SkeletonBlock(s.OutChannels, s.Repeats, s.Stride)).ToList();
}
