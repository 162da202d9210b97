using System.Text.Json;
using NasLab.Controller.State;
using NasLab.Controller.Strategies;
using NasLab.Search.Config;

namespace NasLab.Search.WeightSharing;

/// <summary>What one call of <see cref="WeightSharingStrategy.RunRound"/> did, for the log and the live view.</summary>
/// <param name="Round">Strategy rounds done after this call (0 during the warm-up).</param>
/// <param name="Steps">Supernet steps done after this call.</param>
/// <param name="MeanLoss">The supernet's mean training loss over this call's steps (NaN if it took none).</param>
/// <param name="Scored">The candidates the strategy proposed this round, scored on the supernet (none in the warm-up).</param>
public sealed record SupernetRound(int Round, long Steps, double MeanLoss, IReadOnlyList<SupernetCandidate> Scored)
{
    public bool IsWarmup => Scored.Count == 0;
}

/// <summary>
/// A weight-sharing search seen as a strategy of the ordinary search loop. First its supernet phase, driven by
/// <see cref="RunRound"/>: a warm-up of uniform supernet training, then rounds in which the supernet trains and the
/// inner strategy (the LSTM controller, or random search as the baseline) learns from supernet rewards. Then it
/// proposes, through <see cref="Ask"/>, the best distinct architectures found, to be trained stand-alone as
/// ordinary trials (re-ranking); their results are only recorded, the phase that learns is over.
/// <para>
/// Its state holds the whole phase: the supernet's weights and momentum, the inner strategy, every scored
/// candidate and the finalists, so a checkpoint in the store resumes the phase where it was.
/// </para>
/// </summary>
public sealed class WeightSharingStrategy(ISearchStrategy inner, SupernetSearch search, WeightSharingConfig config) : ISearchStrategy
{
    public const string StrategyName = "weight-sharing";

    private readonly Dictionary<long, SupernetCandidate> _pending = [];
    private List<SupernetCandidate>? _finalists;
    private int _round, _nextFinalist;
    private long _nextId;

    public string Name => StrategyName;

    public ISearchStrategy Inner => inner;

    public SupernetSearch Search => search;

    public int PendingCount => _pending.Count;

    /// <summary>Strategy rounds done.</summary>
    public int Round => _round;

    /// <summary>True once the supernet phase is over and the finalists are chosen.</summary>
    public bool SupernetDone => _finalists is not null;

    /// <summary>The architectures re-ranked stand-alone, best supernet reward first (empty before the phase ends).</summary>
    public IReadOnlyList<SupernetCandidate> Finalists => _finalists ?? [];

    /// <summary>
    /// One unit of the supernet phase: a chunk of warm-up steps, or one round (supernet steps, then the inner
    /// strategy's candidates scored and told). The last round chooses the finalists.
    /// </summary>
    public SupernetRound RunRound()
    {
        if (SupernetDone) throw new InvalidOperationException("the supernet phase is over");
        var before = search.Losses.Count;
        IReadOnlyList<SupernetCandidate> scored = [];
        if (search.Steps < config.WarmupSteps)
        {
            search.TrainSupernet((int)Math.Min(Math.Max(config.TrainSteps, 64), config.WarmupSteps - search.Steps));
        }
        else
        {
            search.TrainSupernet(config.TrainSteps);
            scored = search.StrategyRound(inner, config.Candidates, _round);
            _round++;
            if (_round >= config.Rounds) _finalists = [.. search.Best(config.Rerank)];
        }
        var losses = search.Losses.Skip(before).ToList();
        return new SupernetRound(_round, search.Steps, losses.Count > 0 ? losses.Average() : double.NaN, scored);
    }

    /// <summary>The next finalists, in order of supernet reward; fewer (or none) once all were proposed.</summary>
    public IReadOnlyList<Candidate> Ask(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (_finalists is null) throw new InvalidOperationException("the supernet phase is not over: nothing to re-rank yet");
        var asked = new List<Candidate>();
        while (asked.Count < count && _nextFinalist < _finalists.Count)
        {
            var finalist = _finalists[_nextFinalist++];
            var candidate = new Candidate(_nextId++, finalist.Decisions);
            _pending.Add(candidate.Id, finalist);
            asked.Add(candidate);
        }
        return asked;
    }

    public void Tell(IReadOnlyList<TrialResult> results)
    {
        foreach (var r in results)
            if (!_pending.ContainsKey(r.CandidateId)) throw new ArgumentException($"Candidate {r.CandidateId} is not pending: it was never asked, or its result was already told.");
        foreach (var r in results) _pending.Remove(r.CandidateId);
    }

    /// <summary>What the supernet said of a proposed finalist (recorded with its trial).</summary>
    public SupernetCandidate? EstimateOf(long candidateId) => _pending.GetValueOrDefault(candidateId);

    internal sealed record Saved(string Strategy, int Round, int NextFinalist, long NextId, List<SupernetCandidate>? Finalists,
        Dictionary<long, SupernetCandidate> Pending, string Search);

    /// <summary>
    /// The phase's state. Once the phase is over the supernet's weights (tens of MB) are left out: re-ranking only
    /// proposes the finalists, and every trial it records saves the strategy's state again.
    /// </summary>
    /// <summary>What a saved state says of the phase's progress, or null if it is another strategy's state.</summary>
    public static SupernetProgress? ProgressOf(StrategyState state)
    {
        using (var peek = JsonDocument.Parse(state.Json))
            if (!peek.RootElement.TryGetProperty(nameof(Saved.Strategy), out var name) || name.GetString() != StrategyName) return null;
        var saved = JsonSerializer.Deserialize<Saved>(state.Json)!;
        var search = SupernetSearch.Saved.Read(saved.Search);
        return new SupernetProgress(search.Steps, saved.Round, search.Losses, search.Scored, saved.Finalists);
    }

    public StrategyState SaveState()
    {
        var (searchJson, bank) = search.SaveState(withBank: !SupernetDone);
        var json = JsonSerializer.Serialize(new Saved(StrategyName, _round, _nextFinalist, _nextId, _finalists, new(_pending), searchJson));
        var blobs = new Dictionary<string, byte[]> { ["inner"] = StrategyStateArchive.ToBytes(inner.SaveState()) };
        if (bank is not null) blobs["supernet"] = bank;
        return new StrategyState(json, blobs);
    }

    public void LoadState(StrategyState state)
    {
        var saved = JsonSerializer.Deserialize<Saved>(state.Json) ?? throw new InvalidDataException("empty weight-sharing state");
        if (saved.Strategy != StrategyName)
            throw new InvalidDataException($"Saved strategy state was saved by strategy '{saved.Strategy}', cannot load it into '{StrategyName}'.");
        search.LoadState(saved.Search, saved.Finalists is null ? state.Blob("supernet") : state.Blobs.GetValueOrDefault("supernet"));
        inner.LoadState(StrategyStateArchive.FromBytes(state.Blob("inner")));
        (_round, _nextFinalist, _nextId, _finalists) = (saved.Round, saved.NextFinalist, saved.NextId, saved.Finalists);
        _pending.Clear();
        foreach (var (id, c) in saved.Pending) _pending[id] = c;
    }

    public void Dispose()
    {
        search.Dispose();
        inner.Dispose();
    }
}
