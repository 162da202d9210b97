namespace NasLab.Search.Config;

/// <summary>
/// How candidates are evaluated: each trained from scratch (<see cref="EvaluationMode.Standalone"/>, the default), or
/// scored on a weight-sharing supernet, with only the best re-ranked by stand-alone training
/// (<see cref="EvaluationMode.WeightSharing"/>, whose settings are <see cref="WeightSharing"/>).
/// </summary>
public sealed record EvaluationConfig(EvaluationMode Mode, WeightSharingConfig? WeightSharing)
{
    public static readonly EvaluationConfig Defaults = new(EvaluationMode.Standalone, null);
}

/// <summary>
/// A weight-sharing search's phases and budgets. The defaults fit a 2-core machine and the CIFAR-10 subset (63 steps of
/// 64 images are an epoch of its 4,085 training images): 20 epochs of supernet warm-up, 30 rounds, then
/// <see cref="Rerank"/> stand-alone trials; about 15 minutes at the quickstart's width.
/// </summary>
/// <param name="WarmupSteps">Supernet steps, each on one uniformly sampled architecture, before the strategy starts.</param>
/// <param name="Rounds">Rounds after the warm-up; each trains the supernet, then lets the strategy learn.</param>
/// <param name="TrainSteps">Supernet steps per round.</param>
/// <param name="Candidates">Architectures the strategy proposes, has scored on the supernet and learns from, per round.</param>
/// <param name="Paths">Architectures whose gradients are summed in one supernet step (1: single path).</param>
/// <param name="Lr">The supernet's SGD learning rate (momentum 0.9, the proxy recipe's weight decay).</param>
/// <param name="RecalibrationBatches">Training batches that recalibrate an architecture's batch norm before it is scored.</param>
/// <param name="ValidationImages">Validation images each architecture is scored on (the same ones for all).</param>
/// <param name="Rerank">The best distinct architectures by supernet reward that are then trained stand-alone as trials.</param>
/// <param name="CheckpointRounds">Rounds between checkpoints of the supernet and strategy in the store.</param>
/// <param name="GradClip">
/// The largest global norm of a supernet step's gradient (ENAS clips at 5); 0 leaves gradients as they are. Cell
/// supernets need it: their random sub-networks' first steps reached losses above 10 without it.
/// </param>
public sealed record WeightSharingConfig(
    int WarmupSteps = 1260,
    int Rounds = 30,
    int TrainSteps = 32,
    int Candidates = 10,
    int Paths = 1,
    double Lr = 0.05,
    int RecalibrationBatches = 4,
    int ValidationImages = 500,
    int Rerank = 5,
    int CheckpointRounds = 5,
    double GradClip = 0);

public enum EvaluationMode { Standalone, WeightSharing }
