using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Scaling;

/// <summary>EfficientNet compound scaling: depth alpha^phi, width beta^phi, resolution gamma^phi.</summary>
public static class CompoundScaling
{
    public const double Alpha = 1.2, Beta = 1.1, Gamma = 1.15;

    /// <summary>The published (width, depth, resolution, dropout) of B0..B7; they are rounded versions of the formula.</summary>
    public static IReadOnlyList<(double Width, double Depth, int Resolution, double Dropout)> EfficientNetTable { get; } =
    [
        (1.0, 1.0, 224, 0.2), (1.0, 1.1, 240, 0.2), (1.1, 1.2, 260, 0.3), (1.2, 1.4, 300, 0.3),
        (1.4, 1.8, 380, 0.4), (1.6, 2.2, 456, 0.4), (1.8, 2.6, 528, 0.5), (2.0, 3.1, 600, 0.5),
    ];

    /// <summary>Coefficients from the formula for a real phi (e.g. phi = 1 gives width 1.1, depth 1.2, resolution 1.15).</summary>
    public static (double Width, double Depth, double Resolution) Coefficients(double phi) =>
        (Math.Pow(Beta, phi), Math.Pow(Alpha, phi), Math.Pow(Gamma, phi));

    /// <summary>Scales <paramref name="baseline"/> by the formula's coefficients for <paramref name="phi"/>.</summary>
    public static NetworkArchitecture Scale(NetworkArchitecture baseline, double phi)
    {
        var (w, d, r) = Coefficients(phi);
        return NetworkScaling.Apply(baseline, w, d, (int)Math.Round(baseline.InputResolution * r));
    }

    /// <summary>EfficientNet-B<paramref name="index"/> from B0 with the published coefficients.</summary>
    public static BlockNetwork EfficientNet(BlockNetwork b0, int index)
    {
        if (index < 0 || index >= EfficientNetTable.Count)
            throw new Validation.ArchitectureException("index", $"EfficientNet-B{index} is not published; allowed: 0..{EfficientNetTable.Count - 1}.");
        var (w, d, res, drop) = EfficientNetTable[index];
        var scaled = (BlockNetwork)NetworkScaling.Apply(b0, w, d, res);
        return scaled with { Name = $"efficientnet-b{index}", Head = scaled.Head with { Dropout = drop } };
    }
}
