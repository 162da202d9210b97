namespace NasLab.LatencyOracle.Latency;

/// <summary>Summary of timed runs, in milliseconds.</summary>
/// <param name="MedianMs">The headline latency.</param>
/// <param name="P90Ms">90th percentile.</param>
/// <param name="MinMs">Fastest run.</param>
/// <param name="IqrMs">Interquartile range (p75 - p25): the spread.</param>
/// <param name="Runs">Number of timed runs.</param>
/// <param name="WarmupRuns">Number of untimed warm-up runs done.</param>
/// <param name="RelativeHalfWidth">Half-width of the median's 95% CI over the median, at stop.</param>
/// <param name="StopReason">Why measurement ended.</param>
public sealed record LatencyStatistics(
    double MedianMs,
    double P90Ms,
    double MinMs,
    double IqrMs,
    int Runs,
    int WarmupRuns,
    double RelativeHalfWidth,
    StopReason StopReason)
{
    /// <summary>Summarizes samples (any order).</summary>
    public static LatencyStatistics FromSamples(IEnumerable<double> samplesMs, int warmupRuns, StopReason stopReason)
    {
        var sorted = samplesMs.OrderBy(s => s).ToArray();
        if (sorted.Length == 0)
            throw new ArgumentException("No samples.", nameof(samplesMs));
        return new LatencyStatistics(
            MedianMs: Percentiles.Of(sorted, 0.5),
            P90Ms: Percentiles.Of(sorted, 0.9),
            MinMs: sorted[0],
            IqrMs: Percentiles.Of(sorted, 0.75) - Percentiles.Of(sorted, 0.25),
            Runs: sorted.Length,
            WarmupRuns: warmupRuns,
            RelativeHalfWidth: MedianConfidence.RelativeHalfWidth(sorted),
            StopReason: stopReason);
    }
}
