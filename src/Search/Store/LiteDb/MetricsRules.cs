namespace NasLab.Search.Store.LiteDb;

/// <summary>What a reported result must satisfy before it is stored (the invariants the store's integrity check enforces on open).</summary>
internal static class MetricsRules
{
    public static void Validate(TrialMetrics m)
    {
        if (!double.IsFinite(m.Accuracy) || m.Accuracy is < 0 or > 1)
            throw new ArgumentException($"metrics.accuracy must be a fraction between 0 and 1, got {m.Accuracy}", nameof(m));
        if (!double.IsFinite(m.LatencyMs) || m.LatencyMs <= 0)
            throw new ArgumentException($"metrics.latency_ms must be a positive number of milliseconds, got {m.LatencyMs}", nameof(m));
        if (!double.IsFinite(m.Reward)) throw new ArgumentException($"metrics.reward must be a finite number, got {m.Reward}", nameof(m));
        if (string.IsNullOrWhiteSpace(m.LatencyMode)) throw new ArgumentException("metrics.latency_mode must be set", nameof(m));
    }
}
