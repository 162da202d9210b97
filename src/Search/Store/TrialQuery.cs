namespace NasLab.Search.Store;

/// <summary>
/// Filter and order for <see cref="ITrialReader.ListTrials"/>. <see cref="SortBy"/> is any numeric column
/// (see <see cref="SortColumns"/>); without <see cref="Descending"/> the natural direction is used:
/// bigger-is-better columns (accuracy, reward, images_per_sec) descending, the rest ascending.
/// Missing values (NULL) always sort last. <see cref="Skip"/> and <see cref="Top"/> page through the result
/// (the dashboard fetches a large experiment's trials a page at a time).
/// </summary>
public sealed record TrialQuery(TrialStatus? Status = null, string SortBy = "id", bool? Descending = null, int? Top = null, int Skip = 0)
{
    public static readonly IReadOnlyList<string> SortColumns =
    [
        "id", "accuracy", "val_loss", "latency_ms", "params", "macs", "reward",
        "train_seconds", "latency_seconds", "images_per_sec",
    ];

    private static readonly HashSet<string> BiggerIsBetter = ["accuracy", "reward", "images_per_sec"];

    public static readonly TrialQuery All = new();

    /// <summary>Throws <see cref="TrialStoreException"/> naming the allowed values when the query is invalid.</summary>
    public void Validate()
    {
        if (!SortColumns.Contains(SortBy))
        {
            var hint = Config.Suggestions.Closest(SortBy, SortColumns) is { } s ? $"did you mean '{s}'? " : "";
            throw new TrialStoreException($"cannot sort by '{SortBy}'; {hint}allowed columns: {string.Join(", ", SortColumns)}");
        }
        if (Top is <= 0) throw new TrialStoreException($"top must be a positive number of trials, got {Top}");
        if (Skip < 0) throw new TrialStoreException($"skip must be zero or a positive number of trials, got {Skip}");
    }

    /// <summary>The direction used when <see cref="Descending"/> is not given: descending for bigger-is-better columns.</summary>
    public bool NaturallyDescending => BiggerIsBetter.Contains(SortBy);

    internal string OrderByClause()
    {
        Validate();
        var desc = Descending ?? NaturallyDescending;
        // SortBy is whitelisted above, so splicing it into SQL is safe.
        return $"ORDER BY {SortBy} IS NULL, {SortBy} {(desc ? "DESC" : "ASC")}, id ASC";
    }
}
