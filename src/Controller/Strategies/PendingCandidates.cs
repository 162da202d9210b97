namespace NasLab.Controller.Strategies;

/// <summary>
/// Asked-but-not-told candidates with whatever the strategy needs to remember about each (the RL
/// controller keeps the sampling log-probability, evolution the decisions). Insertion order is kept so
/// saved state is deterministic.
/// </summary>
internal sealed class PendingCandidates<T>
{
    private readonly Dictionary<long, T> _byId = [];
    private readonly List<long> _order = [];

    public int Count => _byId.Count;

    public void Add(long id, T item)
    {
        _byId.Add(id, item);
        _order.Add(id);
    }

    /// <summary>Removes and returns the record of <paramref name="id"/>; throws if it was never asked or already told.</summary>
    public T Take(long id)
    {
        if (!_byId.Remove(id, out var item))
            throw new ArgumentException($"Candidate {id} is not pending: it was never asked, or its result was already told.");
        _order.Remove(id);
        return item;
    }

    /// <summary>Checks a whole batch of results first, so a bad id does not leave a half-applied Tell.</summary>
    public void CheckAllPending(IReadOnlyList<TrialResult> results)
    {
        var seen = new HashSet<long>();
        foreach (var r in results)
        {
            if (!seen.Add(r.CandidateId)) throw new ArgumentException($"Candidate {r.CandidateId} is told twice in one batch.");
            if (!_byId.ContainsKey(r.CandidateId))
                throw new ArgumentException($"Candidate {r.CandidateId} is not pending: it was never asked, or its result was already told.");
            if (r.Reward is { } v && !double.IsFinite(v))
                throw new ArgumentException($"Candidate {r.CandidateId}: reward {v} is not finite; report a failed trial with a null reward.");
        }
    }

    public IEnumerable<(long Id, T Item)> InOrder() => _order.Select(id => (id, _byId[id]));

    public void Clear()
    {
        _byId.Clear();
        _order.Clear();
    }
}
