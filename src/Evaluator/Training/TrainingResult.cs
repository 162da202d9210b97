namespace NasLab.Evaluator.Training;

/// <summary>
/// Outcome of proxy-training one child: its score (validation accuracy and loss), the training curve, cost and
/// speed, and how it ended. JSON-serializable with <see cref="TrainingJson"/>.
/// </summary>
public sealed record TrainingResult
{
    /// <summary>Architecture name as sampled (before the proxy width / resolution changes).</summary>
    public string Architecture { get; init; } = "";
    public TrainingOutcome Status { get; init; }
    /// <summary>Why the trial failed (or was cancelled); null when completed.</summary>
    public string? FailureReason { get; init; }
    /// <summary>Top-1 accuracy on the validation split, in [0, 1]; null unless completed.</summary>
    public double? ValidationAccuracy { get; init; }
    public double? ValidationLoss { get; init; }
    public IReadOnlyList<EpochMetrics> Curve { get; init; } = [];
    /// <summary>Training images processed per second of training-loop time (data loading included, evaluation excluded).</summary>
    public double ImagesPerSecond { get; init; }
    /// <summary>Whole trial: build, training and evaluation.</summary>
    public double WallTimeSeconds { get; init; }
    /// <summary>Parameters and multiply-accumulates of the proxy network actually trained (after width / resolution changes).</summary>
    public long Params { get; init; }
    public long Macs { get; init; }
    public int InputResolution { get; init; }
    public double WidthMultiplier { get; init; } = 1.0;
    public long Steps { get; init; }
    /// <summary>Training stopped early because the proxy time limit was reached (the score is still valid).</summary>
    public bool TimeLimitReached { get; init; }
    public int TrainingImages { get; init; }
    public int ValidationImages { get; init; }
    /// <summary>Where the images came from, e.g. "cifar10 train (5085 images)".</summary>
    public string Data { get; init; } = "";
    public ulong Seed { get; init; }
}
