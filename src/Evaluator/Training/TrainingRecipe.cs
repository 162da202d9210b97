using NasLab.SearchSpace.Engine;

namespace NasLab.Evaluator.Training;

/// <summary>
/// The optimisation recipe shared by proxy and full training: SGD (optionally Nesterov) with L2 weight
/// decay on convolution and linear weights (not on batch-norm parameters and biases), linear warm-up then cosine
/// decay to 0 (stepped per batch), cross-entropy with label smoothing, the loader's augmentation, and the engine
/// settings that decide speed and reproducibility.
/// </summary>
public sealed record TrainingRecipe
{
    public int Epochs { get; init; } = 5;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 0.05;
    public double Momentum { get; init; } = 0.9;
    public bool Nesterov { get; init; } = true;
    /// <summary>L2 penalty on weights of rank 2 and up; batch-norm scales / shifts and biases are not decayed.</summary>
    public double WeightDecay { get; init; } = 4e-5;
    /// <summary>Linear warm-up length in epochs (fractions allowed; converted to steps).</summary>
    public double WarmupEpochs { get; init; }
    public double LabelSmoothing { get; init; } = 0.1;
    /// <summary>Training-time augmentation; null = none.</summary>
    public AugmentationOptions? Augmentation { get; init; } = AugmentationOptions.Standard;
    /// <summary>ChannelsLast is ~3x faster than NCHW for mobile networks on CPU (oneDNN), hence the default.</summary>
    public MemoryFormat MemoryFormat { get; init; } = MemoryFormat.ChannelsLast;
    /// <summary>Seeds weight initialisation, dropout, shuffling and augmentation.</summary>
    public ulong Seed { get; init; }
    /// <summary>
    /// Where the network trains: "cpu", "cuda" or "cuda:N" (<see cref="EngineDevice"/>). CUDA needs a CUDA
    /// build of libtorch (the README's CUDA note); without one it is a clear error when the recipe is validated.
    /// </summary>
    public string Device { get; init; } = "cpu";
    /// <summary>libtorch intra-op threads; null = all cores. Results are reproducible only at a fixed count.</summary>
    public int? Threads { get; init; }
    /// <summary>
    /// A training loss above this marks the run diverged. Null = 10 x ln(classes), i.e. ten times the loss of
    /// a uniform guess, which healthy training never reaches.
    /// </summary>
    public double? MaxLoss { get; init; }
    public int EvaluationBatchSize { get; init; } = 256;
    /// <summary>Batches assembled ahead by the loader thread.</summary>
    public int PrefetchDepth { get; init; } = 3;

    public static IReadOnlyList<MemoryFormat> AllowedMemoryFormats { get; } = [MemoryFormat.Contiguous, MemoryFormat.ChannelsLast];

    /// <summary>Throws an ArgumentException naming the offending field (prefixed by <paramref name="owner"/>) and its allowed values.</summary>
    public void Validate(string owner = nameof(TrainingRecipe))
    {
        OptionCheck.AtLeast(owner, nameof(Epochs), Epochs, 1);
        OptionCheck.AtLeast(owner, nameof(BatchSize), BatchSize, 1);
        OptionCheck.Positive(owner, nameof(LearningRate), LearningRate);
        OptionCheck.InRange(owner, nameof(Momentum), Momentum, 0, 1, upperInclusive: false);
        if (Nesterov && Momentum <= 0)
            throw new ArgumentException($"{owner}.{nameof(Nesterov)} requires {nameof(Momentum)} > 0 (got {Momentum}); set Nesterov = false or a momentum in (0, 1).");
        OptionCheck.NonNegative(owner, nameof(WeightDecay), WeightDecay);
        OptionCheck.InRange(owner, nameof(WarmupEpochs), WarmupEpochs, 0, Epochs, upperInclusive: false);
        OptionCheck.InRange(owner, nameof(LabelSmoothing), LabelSmoothing, 0, 1, upperInclusive: false);
        if (Augmentation is { CropPadding: < 0 } or { CutoutSize: < 0 })
            throw new ArgumentException($"{owner}.{nameof(Augmentation)}: CropPadding and CutoutSize must be >= 0, got {Augmentation.CropPadding} and {Augmentation.CutoutSize}.");
        if (!AllowedMemoryFormats.Contains(MemoryFormat))
            throw new ArgumentException($"{owner}.{nameof(MemoryFormat)} must be one of {string.Join(", ", AllowedMemoryFormats)}, got {MemoryFormat}.");
        try { EngineDevice.Resolve(Device); }
        catch (ArgumentException e) { throw new ArgumentException($"{owner}.{nameof(Device)}: {e.Message}", e); }
        if (Threads is int t) OptionCheck.AtLeast(owner, nameof(Threads), t, 1);
        if (MaxLoss is double m) OptionCheck.Positive(owner, nameof(MaxLoss), m);
        OptionCheck.AtLeast(owner, nameof(EvaluationBatchSize), EvaluationBatchSize, 1);
        OptionCheck.AtLeast(owner, nameof(PrefetchDepth), PrefetchDepth, 1);
    }

    internal int ThreadCount => Threads ?? Environment.ProcessorCount;

    internal double LossBound(int classes) => MaxLoss ?? 10 * Math.Log(Math.Max(2, classes));
}
