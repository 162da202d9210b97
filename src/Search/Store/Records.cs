namespace NasLab.Search.Store;

/// <summary>What identifies an experiment when its database is created or reopened.</summary>
/// <param name="Name">Experiment name (the config's <c>name</c>).</param>
/// <param name="ConfigYaml">The experiment file as the user wrote it (comments included).</param>
/// <param name="ResolvedConfigYaml">The config with all defaults filled in, as printed by <c>naslab validate</c>.</param>
/// <param name="ConfigHash">See <c>ConfigHash.Compute</c>; reopening with another hash needs force.</param>
/// <param name="Dataset">The data the experiment was created on; every later process must read the same.</param>
public sealed record ExperimentIdentity(string Name, string ConfigYaml, string ResolvedConfigYaml, string ConfigHash, DatasetIdentity Dataset);

/// <summary>
/// What identifies a dataset across machines: <c>dataset.path: auto</c> resolves per machine, so the store
/// keeps the data's name, record counts and a checksum of its files, and refuses a process whose data differ.
/// </summary>
/// <param name="Name">e.g. <c>cifar10</c> or <c>fashion-mnist</c>.</param>
/// <param name="TrainRecords">Records in the training files.</param>
/// <param name="TestRecords">Records in the test files.</param>
/// <param name="Sha256">SHA-256 (hex) over the data files' bytes, in a fixed file order.</param>
public sealed record DatasetIdentity(string Name, int TrainRecords, int TestRecords, string Sha256)
{
    public override string ToString() => $"{Name} ({TrainRecords} train, {TestRecords} test records, sha256 {Sha256[..Math.Min(12, Sha256.Length)]})";
}

/// <summary>The single row of table <c>experiment</c>.</summary>
public sealed record ExperimentInfo(
    string Name,
    string ConfigYaml,
    string ResolvedConfigYaml,
    string ConfigHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ExperimentStatus Status,
    string NaslabVersion,
    DatasetIdentity Dataset);

/// <summary>A candidate as the strategy proposed it, written when the trial starts.</summary>
/// <param name="Decisions">One index per decision of the search space, in schema order.</param>
/// <param name="ArchitectureJson">The decoded architecture as JSON (the search space's own format).</param>
/// <param name="BlockString">Compact human-readable form, e.g. MnasNet block strings.</param>
/// <param name="ArchHash">Stable hash of the architecture; equal hashes mean the same network.</param>
/// <param name="CandidateId">The strategy's id of the candidate, told back with its result.</param>
/// <param name="DuplicateOf">A completed trial with the same architecture: this one is stored finished as its duplicate.</param>
/// <param name="SupernetAccuracy">For a weight-sharing search's re-ranked architecture: its accuracy on the supernet.</param>
public sealed record TrialProposal(int[] Decisions, string ArchitectureJson, string BlockString, string ArchHash,
    long CandidateId, int? DuplicateOf = null, double? SupernetAccuracy = null);

/// <summary>Everything measured for a finished trial.</summary>
public sealed record TrialMetrics(
    double Accuracy,
    double? ValLoss,
    double LatencyMs,
    string LatencyMode,
    long? Params,
    long? Macs,
    double Reward,
    double? TrainSeconds,
    double? LatencySeconds,
    double? ImagesPerSec,
    string? TrainingCurveJson,
    double? MeasuredLatencyMs = null,
    string? LatencyDevice = null);

/// <summary>One row of table <c>trials</c>.</summary>
public sealed record TrialRecord(
    int Id,
    int[] Decisions,
    string ArchitectureJson,
    string BlockString,
    string ArchHash,
    TrialStatus Status,
    double? Accuracy,
    double? ValLoss,
    double? LatencyMs,
    string? LatencyMode,
    long? Params,
    long? Macs,
    double? Reward,
    double? TrainSeconds,
    double? LatencySeconds,
    double? ImagesPerSec,
    string? TrainingCurveJson,
    string? Error,
    int? DuplicateOf,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    long CandidateId,
    int Attempts,
    string? Worker,
    bool Told,
    double? MeasuredLatencyMs = null,
    string? LatencyDevice = null,
    double? SupernetAccuracy = null)
{
    /// <summary>Finished: completed, failed or duplicate (its result can be told to the strategy).</summary>
    public bool IsFinished => Status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Duplicate;
}

/// <summary>Serialized strategy state after the update that followed trial <see cref="AfterTrial"/>.</summary>
public sealed record StrategyCheckpoint(int AfterTrial, byte[] Blob, DateTimeOffset CreatedAt);

/// <summary>A queued trial claimed by one worker; <see cref="Attempt"/> tells this claim from earlier and later ones.</summary>
public sealed record TrialClaim(int TrialId, int Attempt, string Worker, TrialRecord Trial);

/// <summary>What a worker reports for its claim: metrics, or the reason the trial failed.</summary>
public sealed record TrialOutcome(TrialMetrics? Metrics, string? Error)
{
    public static TrialOutcome Completed(TrialMetrics metrics) => new(metrics, null);

    public static TrialOutcome Failed(string error) => new(null, error);
}

/// <summary>A running trial whose worker stopped heartbeating: re-queued, or failed after too many attempts.</summary>
public sealed record StaleTrial(int TrialId, string? Worker, int Attempts, bool Failed);

/// <summary>A worker process as the store last heard of it.</summary>
public sealed record WorkerRecord(string Worker, DateTimeOffset LastHeartbeat, int? CurrentTrial);

/// <summary>
/// One process that ran against an experiment, so a result can be traced to the code, engines, threads and
/// data that produced it.
/// </summary>
/// <param name="Role"><c>search</c> (local), <c>coordinator</c> or <c>worker</c>.</param>
/// <param name="Process">Host and process id, e.g. <c>node7:4121</c>; the worker id for workers.</param>
public sealed record RunRecord(
    string Role,
    string Process,
    DateTimeOffset StartedAt,
    string NaslabVersion,
    string TorchSharpVersion,
    string LibTorchVersion,
    string OnnxRuntimeVersion,
    int TorchThreads,
    int LogicalCores,
    string Os,
    DatasetIdentity Dataset);
