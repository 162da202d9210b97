namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// <see cref="TrialQuery"/> over trials in memory, with the SQL store's semantics: filter by status, order by one
/// whitelisted numeric column in its natural direction (or the one asked for), missing values last, ties by id,
/// then the first <see cref="TrialQuery.Top"/>.
/// </summary>
internal static class TrialOrdering
{
    private static readonly Dictionary<string, Func<TrialRecord, double?>> Columns = new()
    {
        ["id"] = t => t.Id,
        ["accuracy"] = t => t.Accuracy,
        ["val_loss"] = t => t.ValLoss,
        ["latency_ms"] = t => t.LatencyMs,
        ["params"] = t => t.Params,
        ["macs"] = t => t.Macs,
        ["reward"] = t => t.Reward,
        ["train_seconds"] = t => t.TrainSeconds,
        ["latency_seconds"] = t => t.LatencySeconds,
        ["images_per_sec"] = t => t.ImagesPerSec,
    };

    public static IReadOnlyList<TrialRecord> Apply(IEnumerable<TrialRecord> trials, TrialQuery query)
    {
        query.Validate();
        var key = Columns.TryGetValue(query.SortBy, out var k)
            ? k
            : throw new InvalidOperationException($"sort column '{query.SortBy}' is allowed by TrialQuery but unknown to the LiteDB store");
        var descending = query.Descending ?? query.NaturallyDescending;
        var filtered = query.Status is { } s ? trials.Where(t => t.Status == s) : trials;
        var ordered = filtered
            .OrderBy(t => key(t) is null)
            .ThenBy(t => descending ? -(key(t) ?? 0) : key(t) ?? 0)
            .ThenBy(t => t.Id);
        var page = ordered.Skip(query.Skip);
        return (query.Top is { } top ? page.Take(top) : page).ToList();
    }
}
