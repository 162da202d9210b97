namespace NasLab.LatencyOracle.Runtime;

/// <summary>
/// How a session is configured. Execution is always sequential: NasLab measures single-stream
/// latency of one model, and parallel node execution would make numbers depend on graph shape
/// in ways a phone's runtime does not.
/// </summary>
/// <param name="IntraOpThreads">Threads inside one operator (0 = ORT's default, one per core).</param>
/// <param name="InterOpThreads">Threads across operators (ignored by ORT in sequential mode; 1 is honest).</param>
/// <param name="OptimizationLevel">Graph optimizations applied when the session is created.</param>
public sealed record SessionSettings(
    int IntraOpThreads = 1,
    int InterOpThreads = 1,
    GraphOptimizationLevel OptimizationLevel = GraphOptimizationLevel.All)
{
    /// <summary>Single-threaded, all optimizations.</summary>
    public static SessionSettings Default { get; } = new();
}
