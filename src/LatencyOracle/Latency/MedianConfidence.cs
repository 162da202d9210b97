namespace NasLab.LatencyOracle.Latency;

/// <summary>
/// Distribution-free confidence interval of a median from order statistics. Latency samples are
/// skewed with a long right tail (interrupts, frequency changes), so a normal-theory interval on
/// the mean would be misleading; the ranks below need no distributional assumption.
/// </summary>
public static class MedianConfidence
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959964;

    /// <summary>
    /// Returns the (lower, upper) 95% interval of the median of <paramref name="sorted"/> (ascending),
    /// using ranks n/2 ∓ z·√n/2 (normal approximation to the binomial), clamped to the sample.
    /// </summary>
    public static (double Lower, double Upper) Interval(IReadOnlyList<double> sorted)
    {
        var n = sorted.Count;
        if (n == 0)
            throw new ArgumentException("No samples.", nameof(sorted));
        var halfSpread = Z95 * Math.Sqrt(n) / 2;
        var lowerRank = (int)Math.Floor(n / 2.0 - halfSpread); // 1-based ranks
        var upperRank = (int)Math.Ceiling(n / 2.0 + halfSpread) + 1;
        lowerRank = Math.Clamp(lowerRank, 1, n);
        upperRank = Math.Clamp(upperRank, 1, n);
        return (sorted[lowerRank - 1], sorted[upperRank - 1]);
    }

    /// <summary>Half the interval width divided by the median (∞ if the median is 0).</summary>
    public static double RelativeHalfWidth(IReadOnlyList<double> sorted)
    {
        var (lower, upper) = Interval(sorted);
        var median = Percentiles.Of(sorted, 0.5);
        return median > 0 ? (upper - lower) / 2 / median : double.PositiveInfinity;
    }
}
