namespace NasLab.Evaluator.Training;

/// <summary>Why an epoch ended before its last batch.</summary>
internal enum EpochStop { None, Diverged, TimeLimit, Cancelled }

/// <summary>What one (possibly partial) training epoch measured.</summary>
internal sealed record EpochOutcome(double MeanLoss, double Accuracy, long Images, TimeSpan Elapsed, double LastLearningRate,
    EpochStop Stop, string? FailureReason)
{
    public bool Complete => Stop == EpochStop.None;
}
