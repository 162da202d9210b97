namespace NasLab.Evaluator.Training;

/// <summary>
/// One point of the training curve. Train loss and accuracy are means over the epoch's batches, measured
/// on augmented images in training mode (as usual, so they lag the evaluation numbers).
/// <see cref="EvaluationAccuracy"/> is on the held-out images (validation for proxy training; null when
/// not evaluated that epoch). A partial epoch (time limit, divergence, cancellation) has <see cref="Complete"/> false.
/// </summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? EvaluationAccuracy,
    double? EvaluationLoss,
    double LearningRate,
    long Images,
    double Seconds,
    bool Complete);
