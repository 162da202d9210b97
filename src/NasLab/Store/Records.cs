namespace NasLab.Cli.Store;

/// <summary>What identifies an experiment when its database is created or reopened.</summary>
/// <param name="Name">Experiment name (the config's <c>name</c>).</param>
/// <param name="ConfigYaml">The experiment file as the user wrote it (comments included).</param>
/// <param name="ResolvedConfigYaml">The config with all defaults filled in, as printed by <c>naslab validate</c>.</param>
/// <param name="ConfigHash">See <c>ConfigHash.Compute</c>; reopening with another hash needs force.</param>
public sealed record ExperimentIdentity(string Name, string ConfigYaml, string ResolvedConfigYaml, string ConfigHash);

/// <summary>The single row of table <c>experiment</c>.</summary>
public sealed record ExperimentInfo(
    string Name,
    string ConfigYaml,
    string ResolvedConfigYaml,
    string ConfigHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ExperimentStatus Status,
    string NaslabVersion);

/// <summary>A candidate as the strategy proposed it, written when the trial starts.</summary>
/// <param name="Decisions">One index per decision of the search space, in schema order.</param>
/// <param name="ArchitectureJson">The decoded architecture as JSON (the search space's own format).</param>
/// <param name="BlockString">Compact human-readable form, e.g. MnasNet block strings.</param>
/// <param name="ArchHash">Stable hash of the architecture; equal hashes mean the same network.</param>
public sealed record TrialProposal(int[] Decisions, string ArchitectureJson, string BlockString, string ArchHash);

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
    string? TrainingCurveJson);

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
    DateTimeOffset? FinishedAt);

/// <summary>Serialized strategy state after the update that followed trial <see cref="AfterTrial"/>.</summary>
public sealed record StrategyCheckpoint(int AfterTrial, byte[] Blob, DateTimeOffset CreatedAt);

/// <summary>What <see cref="TrialStore.RecoverAfterCrash"/> found: trial numbers that were in flight and removed.</summary>
public sealed record RecoveryReport(IReadOnlyList<int> RemovedRunningTrials, int? LatestCheckpointAfter);
