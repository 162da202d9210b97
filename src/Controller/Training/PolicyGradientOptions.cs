namespace NasLab.Controller.Training;

/// <summary>
/// Controller training settings. Defaults follow ENAS (Adam lr 3.5e-4, baseline decay 0.99, entropy
/// weight 1e-4) and PPO's usual clip 0.2. These are the only defaults: the experiment file's
/// <c>strategy.rl</c> section binds to this type and fills in what it leaves out from here.
/// </summary>
public sealed record PolicyGradientOptions
{
    public PolicyGradientAlgorithm Algorithm { get; init; } = PolicyGradientAlgorithm.Reinforce;
    public double LearningRate { get; init; } = 3.5e-4;

    /// <summary>b &lt;- decay * b + (1 - decay) * R after each reward; b starts at the first reward.</summary>
    public double BaselineDecay { get; init; } = 0.99;

    /// <summary>Weight of the (summed per-step) policy entropy bonus in the loss.</summary>
    public double EntropyWeight { get; init; } = 1e-4;

    /// <summary>
    /// M: rewarded samples per policy update; the loss averages over them. 1 (update after every trial, as
    /// MnasNet's sequential search does) is what the shipped experiments and the README document; a child costs
    /// tens of seconds to train, so waiting for a batch of 8 would leave the policy unchanged for minutes.
    /// </summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Joint L2 norm the gradients are clipped to before each step; null disables clipping.</summary>
    public double? MaxGradNorm { get; init; } = 5.0;

    /// <summary>
    /// Reward used for a failed trial (null reward). Null (the default) drops the trial: it neither enters
    /// the batch nor moves the baseline, so crashes do not teach the controller anything. Set e.g. 0 to
    /// punish architectures that fail.
    /// </summary>
    public double? FailureReward { get; init; }

    /// <summary>PPO: probability ratios are clipped to [1 - eps, 1 + eps].</summary>
    public double PpoClip { get; init; } = 0.2;

    /// <summary>PPO: gradient steps over each batch (the whole batch per step).</summary>
    public int PpoEpochs { get; init; } = 4;

    public void Validate()
    {
        if (!(LearningRate > 0)) throw new ArgumentException($"Learning rate must be > 0, got {LearningRate}.");
        if (BaselineDecay is < 0 or >= 1) throw new ArgumentException($"Baseline decay must be in [0, 1), got {BaselineDecay}.");
        if (EntropyWeight < 0) throw new ArgumentException($"Entropy weight must be >= 0, got {EntropyWeight}.");
        if (BatchSize < 1) throw new ArgumentException($"Batch size M must be >= 1, got {BatchSize}.");
        if (MaxGradNorm is { } g && !(g > 0)) throw new ArgumentException($"Max gradient norm must be > 0, got {g}.");
        if (FailureReward is { } f && !double.IsFinite(f)) throw new ArgumentException($"Failure reward must be finite, got {f}.");
        if (PpoClip is <= 0 or >= 1) throw new ArgumentException($"PPO clip must be in (0, 1), got {PpoClip}.");
        if (PpoEpochs < 1) throw new ArgumentException($"PPO epochs must be >= 1, got {PpoEpochs}.");
    }
}
