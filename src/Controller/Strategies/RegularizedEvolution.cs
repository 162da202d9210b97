using NasLab.Controller.State;
using NasLab.SearchSpace.Schema;
using NasLab.SearchSpace.Randomness;

namespace NasLab.Controller.Strategies;

/// <summary>
/// Regularized ("aging") evolution, Real et al. 2019, in asynchronous ask / tell form:
/// <list type="bullet">
/// <item>Initial population: candidates are uniform random until P of them have either joined the
/// population or are still pending; after that (and whenever the population is empty) each asked
/// candidate is a child.</item>
/// <item>Child: draw S members uniformly with replacement, take the one with the highest reward (earliest
/// drawn on ties), and change one decision to a different value, both uniform.</item>
/// <item>Told candidates join the population at the young end; once it exceeds P the oldest is removed
/// (age, not fitness, decides who dies).</item>
/// <item>A failed trial (null reward) never joins the population; it is kept in <see cref="History"/>.</item>
/// </list>
/// State: JSON only, with RNG words, population (oldest first), history, pending candidates.
/// </summary>
public sealed class RegularizedEvolution : ISearchStrategy
{
    public const string StrategyName = "evolution";

    private readonly DecisionSchema _schema;
    private readonly EvolutionOptions _options;
    private readonly Xoshiro256StarStar _rng;
    private readonly List<EvaluatedCandidate> _population = []; // oldest first
    private readonly List<EvaluatedCandidate> _history = [];
    private readonly PendingCandidates<PendingChild> _pending = new();
    private long _nextId;
    private bool _initialPopulationDone;

    private sealed record PendingChild(int[] Decisions, bool Initial);

    public RegularizedEvolution(DecisionSchema schema, EvolutionOptions options, ulong seed)
    {
        options.Validate();
        _schema = schema;
        _options = options;
        _rng = new Xoshiro256StarStar(seed);
    }

    public string Name => StrategyName;
    public int PendingCount => _pending.Count;

    /// <summary>Current population, oldest first.</summary>
    public IReadOnlyList<EvaluatedCandidate> Population => _population;

    /// <summary>Every told candidate in the order told, failures included.</summary>
    public IReadOnlyList<EvaluatedCandidate> History => _history;

    public IReadOnlyList<Candidate> Ask(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var result = new List<Candidate>(count);
        for (int i = 0; i < count; i++)
        {
            var initial = _population.Count == 0 || (!_initialPopulationDone && _population.Count + PendingInitialCount() < _options.PopulationSize);
            var decisions = initial
                ? SchemaSampling.Uniform(_schema, _rng)
                : SchemaSampling.MutateOne(_schema, Tournament().Candidate.Decisions, _rng);
            var c = new Candidate(_nextId++, decisions);
            _pending.Add(c.Id, new PendingChild(decisions, initial));
            result.Add(c);
        }
        return result;
    }

    private int PendingInitialCount() => _pending.InOrder().Count(p => p.Item.Initial);

    private EvaluatedCandidate Tournament()
    {
        EvaluatedCandidate? best = null;
        for (int i = 0; i < _options.SampleSize; i++)
        {
            var member = _population[_rng.NextInt(_population.Count)];
            if (best == null || member.Reward > best.Reward) best = member;
        }
        return best!;
    }

    public void Tell(IReadOnlyList<TrialResult> results)
    {
        _pending.CheckAllPending(results);
        foreach (var r in results)
        {
            var p = _pending.Take(r.CandidateId);
            var evaluated = new EvaluatedCandidate(new Candidate(r.CandidateId, p.Decisions), r.Reward);
            _history.Add(evaluated);
            if (r.Reward is null) continue;
            _population.Add(evaluated);
            if (_population.Count > _options.PopulationSize) _population.RemoveAt(0);
            if (_population.Count >= _options.PopulationSize) _initialPopulationDone = true;
        }
    }

    private sealed record SavedPending(long Id, int[] Decisions, bool Initial);

    private sealed record Saved(ulong[] Rng, long NextId, bool InitialPopulationDone,
        List<SavedCandidate> Population, List<SavedCandidate> History, List<SavedPending> Pending);

    private static SavedCandidate ToSaved(EvaluatedCandidate e) => new(e.Candidate.Id, e.Candidate.Decisions, e.Reward);

    public StrategyState SaveState() =>
        StrategyState.JsonOnly(StrategyStateJson.Write(Name, new Saved(_rng.GetState(), _nextId, _initialPopulationDone,
            _population.Select(ToSaved).ToList(), _history.Select(ToSaved).ToList(),
            _pending.InOrder().Select(p => new SavedPending(p.Id, p.Item.Decisions, p.Item.Initial)).ToList())));

    public void LoadState(StrategyState state)
    {
        var s = StrategyStateJson.Read<Saved>(state.Json, Name);
        _rng.SetState(s.Rng);
        _nextId = s.NextId;
        _initialPopulationDone = s.InitialPopulationDone;
        _history.Clear();
        _history.AddRange(s.History.Select(FromSaved));
        // Population members are the same records as in history; identity does not matter, values do.
        _population.Clear();
        _population.AddRange(s.Population.Select(FromSaved));
        _pending.Clear();
        foreach (var p in s.Pending)
        {
            _schema.Validate(p.Decisions);
            _pending.Add(p.Id, new PendingChild(p.Decisions, p.Initial));
        }
    }

    private EvaluatedCandidate FromSaved(SavedCandidate c)
    {
        _schema.Validate(c.Decisions);
        return new EvaluatedCandidate(new Candidate(c.Id, c.Decisions), c.Reward);
    }

    public void Dispose() { }
}
