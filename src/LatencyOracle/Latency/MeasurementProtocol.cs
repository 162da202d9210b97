namespace NasLab.LatencyOracle.Latency;

/// <summary>
/// How long to measure. Runs continue until the 95% confidence interval of the median is within
/// <see cref="TargetRelativeHalfWidth"/> of the median (after at least <see cref="MinRuns"/>),
/// or <see cref="MaxRuns"/> timed runs, or <see cref="TimeCap"/> wall time (warm-up included).
/// </summary>
/// <param name="WarmupRuns">Untimed runs first: they pay for lazy allocation, page faults and caches.
/// Warm-up stops early once half the time cap is used, so slow models still get timed runs.</param>
/// <param name="MinRuns">Timed runs before convergence may be declared.</param>
/// <param name="MaxRuns">Hard cap on timed runs.</param>
/// <param name="TimeCap">Hard cap on total wall time; at least one timed run always happens.</param>
/// <param name="TargetRelativeHalfWidth">Stop when (CI upper - CI lower) / 2 / median is at most this.</param>
public sealed record MeasurementProtocol(
    int WarmupRuns = 10,
    int MinRuns = 20,
    int MaxRuns = 500,
    TimeSpan? TimeCap = null,
    double TargetRelativeHalfWidth = 0.01)
{
    /// <summary>Default wall-time budget per model.</summary>
    public static readonly TimeSpan DefaultTimeCap = TimeSpan.FromSeconds(20);

    public static MeasurementProtocol Default { get; } = new();

    /// <summary>The effective time cap.</summary>
    public TimeSpan EffectiveTimeCap => TimeCap ?? DefaultTimeCap;

    /// <summary>Throws if the settings are inconsistent.</summary>
    public void Validate()
    {
        if (WarmupRuns < 0) throw new ArgumentOutOfRangeException(nameof(WarmupRuns), WarmupRuns, "must be >= 0");
        if (MinRuns < 1) throw new ArgumentOutOfRangeException(nameof(MinRuns), MinRuns, "must be >= 1");
        if (MaxRuns < MinRuns) throw new ArgumentOutOfRangeException(nameof(MaxRuns), MaxRuns, "must be >= MinRuns");
        if (EffectiveTimeCap <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(TimeCap), TimeCap, "must be positive");
        if (TargetRelativeHalfWidth <= 0) throw new ArgumentOutOfRangeException(nameof(TargetRelativeHalfWidth), TargetRelativeHalfWidth, "must be positive");
    }
}
