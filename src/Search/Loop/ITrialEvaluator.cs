using NasLab.SearchSpace.Architecture;

namespace NasLab.Search.Loop;

/// <summary>
/// The seam between the search and what a trial costs: a candidate network in, its trained and measured
/// result out. The local search, workers and tests share one loop over it; a proxy trainer with a latency
/// oracle is one evaluator (<see cref="ProxyEvaluator"/>), a weight-sharing supernet can be another.
/// </summary>
public interface ITrialEvaluator
{
    /// <summary>
    /// Trains and measures <paramref name="child"/>. Returns null when <paramref name="abort"/> interrupted it
    /// (nothing is recorded; the trial runs again). Failures are results (<see cref="TrialEvaluation.Failed"/>),
    /// not exceptions.
    /// </summary>
    TrialEvaluation? Evaluate(NetworkArchitecture child, CancellationToken abort);
}
