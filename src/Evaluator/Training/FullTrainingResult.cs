namespace NasLab.Evaluator.Training;

/// <summary>
/// Outcome of full training: test accuracy and loss (measured once, at the end of the schedule), the curve of
/// every epoch trained so far (including epochs restored from a checkpoint), and checkpoint bookkeeping.
/// </summary>
public sealed record FullTrainingResult
{
    public string Architecture { get; init; } = "";
    public TrainingOutcome Status { get; init; }
    public string? FailureReason { get; init; }
    /// <summary>Top-1 accuracy on the TEST files; null until the last epoch of the schedule has been trained.</summary>
    public double? TestAccuracy { get; init; }
    public double? TestLoss { get; init; }
    public IReadOnlyList<EpochMetrics> Curve { get; init; } = [];
    /// <summary>Epochs of the schedule finished so far (restored ones included).</summary>
    public int EpochsCompleted { get; init; }
    public int TotalEpochs { get; init; }
    /// <summary>Epoch count found in the checkpoint this run resumed from (0 = fresh start).</summary>
    public int ResumedFromEpoch { get; init; }
    public string? CheckpointDirectory { get; init; }
    public double ImagesPerSecond { get; init; }
    public double WallTimeSeconds { get; init; }
    public long Params { get; init; }
    public long Macs { get; init; }
    public int TrainingImages { get; init; }
    public int TestImages { get; init; }
    public string Data { get; init; } = "";
    public ulong Seed { get; init; }
}
