namespace NasLab.LatencyOracle.Latency;

/// <summary>Percentiles by linear interpolation between closest ranks (numpy's default method).</summary>
public static class Percentiles
{
    /// <param name="sorted">Samples in ascending order.</param>
    /// <param name="q">Quantile in [0, 1].</param>
    public static double Of(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
            throw new ArgumentException("No samples.", nameof(sorted));
        if (q is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(q), q, "must be in [0, 1]");
        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
