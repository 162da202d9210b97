namespace NasLab.LatencyOracle.Latency;

/// <summary>
/// Which summary of the timed runs a latency figure is. Median is the default; Minimum is the
/// most reproducible figure on a shared machine, where other processes only ever add time.
/// </summary>
public enum LatencyStatistic
{
    Median,
    Minimum,
}

public static class LatencyStatisticExtensions
{
    public static double Of(this LatencyStatistic statistic, LatencyStatistics stats) => statistic switch
    {
        LatencyStatistic.Median => stats.MedianMs,
        LatencyStatistic.Minimum => stats.MinMs,
        _ => throw new ArgumentOutOfRangeException(nameof(statistic), statistic, null),
    };
}
