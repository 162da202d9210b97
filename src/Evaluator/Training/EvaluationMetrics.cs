namespace NasLab.Evaluator.Training;

/// <summary>Top-1 accuracy and mean cross-entropy (no label smoothing) over an evaluation set.</summary>
public sealed record EvaluationMetrics(double Accuracy, double Loss, int Images, double Seconds);
