using NasLab.Controller.State;
using NasLab.SearchSpace.Schema;
using NasLab.SearchSpace.Randomness;

namespace NasLab.Controller.Strategies;

/// <summary>
/// Random search: every decision uniform and independent, from its own seeded xoshiro256** stream.
/// Results do not influence proposals; Tell only checks ids (failed trials are accepted and ignored).
/// State: JSON only, with the RNG words, the next id and the pending candidates.
/// </summary>
public sealed class RandomSearch : ISearchStrategy
{
    public const string StrategyName = "random";

    private readonly DecisionSchema _schema;
    private readonly Xoshiro256StarStar _rng;
    private readonly PendingCandidates<int[]> _pending = new();
    private long _nextId;

    public RandomSearch(DecisionSchema schema, ulong seed)
    {
        _schema = schema;
        _rng = new Xoshiro256StarStar(seed);
    }

    public string Name => StrategyName;
    public int PendingCount => _pending.Count;

    public IReadOnlyList<Candidate> Ask(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var result = new List<Candidate>(count);
        for (int i = 0; i < count; i++)
        {
            var c = new Candidate(_nextId++, SchemaSampling.Uniform(_schema, _rng));
            _pending.Add(c.Id, c.Decisions);
            result.Add(c);
        }
        return result;
    }

    public void Tell(IReadOnlyList<TrialResult> results)
    {
        _pending.CheckAllPending(results);
        foreach (var r in results) _pending.Take(r.CandidateId);
    }

    private sealed record Saved(ulong[] Rng, long NextId, List<SavedCandidate> Pending);

    public StrategyState SaveState() =>
        StrategyState.JsonOnly(StrategyStateJson.Write(Name, new Saved(_rng.GetState(), _nextId,
            _pending.InOrder().Select(p => new SavedCandidate(p.Id, p.Item)).ToList())));

    public void LoadState(StrategyState state)
    {
        var s = StrategyStateJson.Read<Saved>(state.Json, Name);
        _rng.SetState(s.Rng);
        _nextId = s.NextId;
        _pending.Clear();
        foreach (var p in s.Pending)
        {
            _schema.Validate(p.Decisions);
            _pending.Add(p.Id, p.Decisions);
        }
    }

    public void Dispose() { }
}
