namespace NasLab.Search.Store;

/// <summary>
/// Life cycle of a trial (see <see cref="ITrialStore"/>): <c>queued</c> until a worker claims it, <c>running</c>
/// while one evaluates it; a running trial whose worker died goes back to <c>queued</c> with the same number.
/// <c>duplicate</c> marks an architecture that was already evaluated: its metrics are copied from the
/// original (see <see cref="TrialRecord.DuplicateOf"/>) instead of training it again.
/// </summary>
public enum TrialStatus { Queued, Running, Completed, Failed, Duplicate }

/// <summary>Experiment-level state, shown by the CLI and used by resume.</summary>
public enum ExperimentStatus { Created, Running, Completed, Interrupted, Failed }

/// <summary>Database spelling of the status enums.</summary>
public static class StatusNames
{
    public static readonly IReadOnlyList<string> TrialStatuses = ["queued", "running", "completed", "failed", "duplicate"];

    public static string ToDb(this TrialStatus s) => TrialStatuses[(int)s];

    public static string ToDb(this ExperimentStatus s) => s.ToString().ToLowerInvariant();

    public static TrialStatus ParseTrialStatus(string text)
    {
        var i = TrialStatuses.ToList().IndexOf(text);
        return i >= 0
            ? (TrialStatus)i
            : throw new TrialStoreException($"unknown trial status '{text}'; allowed values: {string.Join(", ", TrialStatuses)}");
    }

    public static ExperimentStatus ParseExperimentStatus(string text) =>
        Enum.TryParse<ExperimentStatus>(text, ignoreCase: true, out var s)
            ? s
            : throw new TrialStoreException($"the database has an unknown experiment status '{text}'");
}
