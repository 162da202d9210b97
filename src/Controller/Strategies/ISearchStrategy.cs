using NasLab.Controller.State;

namespace NasLab.Controller.Strategies;

/// <summary>
/// A search strategy behind an ask / tell loop, so the search driver does not know which algorithm it runs:
/// <code>
/// var batch = strategy.Ask(n);            // propose n candidates
/// ... evaluate them, in any order, possibly in parallel ...
/// strategy.Tell(results);                  // report rewards (null = failed trial), any subset, any order
/// </code>
/// Candidates may be outstanding across <see cref="SaveState"/> / <see cref="LoadState"/>: the state
/// includes them, and their results can be told to the restored strategy.
/// <para>
/// State is a value, <see cref="StrategyState"/>: JSON plus, for strategies with neural state, named
/// byte blobs (weights, optimizer). A strategy constructed with the same schema and options, then
/// <see cref="LoadState"/>ed, continues exactly where the saved one stopped (RNG words, partial batch
/// of M and pending candidates included): the same calls give the same candidates as an uninterrupted
/// run, whatever seed it was constructed with. <see cref="StrategyStateArchive"/> stores a state as a
/// directory for callers that tar one.
/// </para>
/// Not thread-safe: call from one thread (the RL strategy's tensor scopes and grad mode are per thread).
/// </summary>
public interface ISearchStrategy : IDisposable
{
    /// <summary>Short identifier written into state files and logs, e.g. "reinforce", "ppo", "random", "evolution".</summary>
    string Name { get; }

    /// <summary>Proposes <paramref name="count"/> new candidates (count >= 1).</summary>
    IReadOnlyList<Candidate> Ask(int count);

    /// <summary>Reports results of earlier candidates. Throws for ids that are unknown or already told.</summary>
    void Tell(IReadOnlyList<TrialResult> results);

    /// <summary>Number of asked candidates whose result has not been told yet.</summary>
    int PendingCount { get; }

    /// <summary>A snapshot of the whole state; later calls on the strategy do not change it.</summary>
    StrategyState SaveState();

    /// <summary>Replaces this strategy's whole state with <paramref name="state"/> (saved by a strategy of the same name).</summary>
    void LoadState(StrategyState state);
}
