namespace NasLab.LatencyOracle.Runtime;

/// <summary>
/// Graph optimizations a session applies. Our own names (not ORT's ORT_ENABLE_* members) because
/// they appear in device-profile JSON and in latency cache keys, which must stay stable across
/// runtime versions; <see cref="SessionFactory"/> maps them onto ORT's enum.
/// </summary>
public enum GraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
