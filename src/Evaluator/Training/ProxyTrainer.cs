using System.Diagnostics;
using System.Runtime.InteropServices;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Validation;
using NasLab.SearchSpace.Randomness;

namespace NasLab.Evaluator.Training;

/// <summary>
/// Scores sampled children: trains each on the proxy budget and measures validation accuracy. The split
/// (validation + training subset, both from the TRAINING files) and the normalization statistics are fixed
/// when the trainer is created, so every child is trained and scored on the same images.
/// <para>
/// <see cref="Train"/> never throws because of the child: divergence, an architecture the proxy knobs make
/// invalid, or an engine error while training return a <see cref="TrainingOutcome.Failed"/> result with the reason,
/// and cancellation returns <see cref="TrainingOutcome.Cancelled"/> after the current step. Misuse (bad options, a
/// classifier of the wrong size) throws ArgumentException.
/// </para>
/// </summary>
public sealed class ProxyTrainer
{
    private const ulong SubsetStream = 0x5355425345; // "SUBSE"

    private readonly ImageDataset _trainFiles;

    public ProxyTrainingOptions Options { get; }
    public TrainValidationSplit Split { get; }
    public ChannelNormalization Normalization { get; }

    public ProxyTrainer(ImageDataset trainFiles, ProxyTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(trainFiles);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        // TrainValidationSplit refuses the test files, so the proxy can never be tuned on them.
        var split = TrainValidationSplit.Create(trainFiles, options.ValidationSize, options.SplitSeed);
        if (options.TrainingSubsetSize is int subset)
        {
            if (subset > split.TrainIndices.Length)
                throw new ArgumentOutOfRangeException($"{nameof(ProxyTrainingOptions)}.{nameof(ProxyTrainingOptions.TrainingSubsetSize)}", subset,
                    $"{nameof(ProxyTrainingOptions)}.{nameof(ProxyTrainingOptions.TrainingSubsetSize)} must be between {options.Recipe.BatchSize} and " +
                    $"{split.TrainIndices.Length} (training images left after holding out {options.ValidationSize} for validation), got {subset}.");
            if (subset < split.TrainIndices.Length)
                split = split.WithTrainingSubset(trainFiles, subset, SplitMix64.Derive(options.SplitSeed, SubsetStream));
        }
        if (split.TrainIndices.Length < options.Recipe.BatchSize)
            throw new ArgumentException($"Only {split.TrainIndices.Length} training images for {nameof(TrainingRecipe.BatchSize)} {options.Recipe.BatchSize}; lower the batch size or the validation size.");
        _trainFiles = trainFiles;
        Options = options;
        Split = split;
        Normalization = InputPipeline.Normalization(trainFiles, split.TrainIndices);
    }

    /// <summary>Proxy-trains <paramref name="child"/> and scores it on the validation split.</summary>
    public TrainingResult Train(NetworkArchitecture child, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(child);
        ClassCountCheck.Require(child, _trainFiles);
        var clock = Stopwatch.StartNew();
        var recipe = Options.Recipe;
        var result = new TrainingResult
        {
            Architecture = child.Name,
            WidthMultiplier = Options.WidthMultiplier,
            InputResolution = Options.InputResolution ?? child.InputResolution,
            TrainingImages = Split.TrainIndices.Length,
            ValidationImages = Split.ValidationIndices.Length,
            Data = $"{_trainFiles.Source}: {Split.TrainIndices.Length} training / {Split.ValidationIndices.Length} validation images",
            Seed = recipe.Seed,
        };
        Finish(ref result, clock, TimeSpan.Zero, 0);

        NetworkArchitecture proxy;
        try
        {
            proxy = ProxyArchitecture.Apply(child, Options);
            var cost = CostModel.Compute(proxy);
            result = result with { Params = cost.Params, Macs = cost.Macs };
        }
        catch (ArchitectureException e)
        {
            return Failed(result, clock, $"invalid proxy architecture: {e.Message}");
        }

        var curve = new List<EpochMetrics>();
        var trainingTime = TimeSpan.Zero;
        long images = 0;
        try
        {
            using var trainLoader = InputPipeline.ForTraining(_trainFiles, Split.TrainIndices, Normalization, proxy.InputResolution, recipe);
            using var validationLoader = InputPipeline.ForEvaluation(_trainFiles, Split.ValidationIndices, Normalization, proxy.InputResolution, recipe);
            EngineSettings.Prepare(recipe);
            using var session = new TrainingSession(proxy, recipe, trainLoader.BatchesPerEpoch);
            bool DeadlinePassed() => Options.TimeLimit is TimeSpan limit && clock.Elapsed >= limit;

            EvaluationMetrics? validation = null;
            for (int epoch = 0; epoch < recipe.Epochs; epoch++)
            {
                var outcome = session.TrainEpoch(trainLoader, epoch, DeadlinePassed, cancellationToken);
                trainingTime += outcome.Elapsed;
                images += outcome.Images;
                bool last = epoch == recipe.Epochs - 1 || outcome.Stop == EpochStop.TimeLimit;
                validation = null;
                if (outcome.Complete && (Options.ValidateEveryEpoch || last) || outcome.Stop == EpochStop.TimeLimit)
                    validation = session.Evaluate(validationLoader, cancellationToken);
                curve.Add(new EpochMetrics(epoch, outcome.MeanLoss, outcome.Accuracy, validation?.Accuracy, validation?.Loss,
                    outcome.LastLearningRate, outcome.Images, outcome.Elapsed.TotalSeconds, outcome.Complete));
                result = result with { Curve = curve.ToArray(), Steps = session.Step };

                switch (outcome.Stop)
                {
                    case EpochStop.Diverged: return Failed(result, clock, outcome.FailureReason!, trainingTime, images);
                    case EpochStop.Cancelled: return Cancelled(result, clock, trainingTime, images);
                    case EpochStop.TimeLimit: result = result with { TimeLimitReached = true }; break;
                }
                if (result.TimeLimitReached) break;
                if (DeadlinePassed() && epoch < recipe.Epochs - 1)
                {
                    // The limit passed during this epoch's evaluation: score what we have.
                    result = result with { TimeLimitReached = true };
                    break;
                }
            }

            validation ??= session.Evaluate(validationLoader, cancellationToken);
            if (!double.IsFinite(validation.Loss))
                return Failed(result, clock, $"diverged: validation loss is {validation.Loss} after training (the weights are not finite)", trainingTime, images);
            result = result with { Status = TrainingOutcome.Completed, ValidationAccuracy = validation.Accuracy, ValidationLoss = validation.Loss };
            Finish(ref result, clock, trainingTime, images);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Cancelled(result, clock, trainingTime, images);
        }
        catch (ArchitectureException e)
        {
            return Failed(result, clock, $"invalid architecture: {e.Message}", trainingTime, images);
        }
        catch (ExternalException e)
        {
            // libtorch's errors (out of memory, a shape a kernel rejects...) reach us as ExternalException: this
            // child cannot be trained; the search goes on.
            return Failed(result, clock, $"engine error: {e.Message}", trainingTime, images);
        }
    }

    private static void Finish(ref TrainingResult result, Stopwatch clock, TimeSpan trainingTime, long images) =>
        result = result with
        {
            WallTimeSeconds = clock.Elapsed.TotalSeconds,
            ImagesPerSecond = trainingTime > TimeSpan.Zero ? images / trainingTime.TotalSeconds : 0,
        };

    private static TrainingResult Failed(TrainingResult result, Stopwatch clock, string reason, TimeSpan trainingTime = default, long images = 0)
    {
        result = result with { Status = TrainingOutcome.Failed, FailureReason = reason, ValidationAccuracy = null, ValidationLoss = null };
        Finish(ref result, clock, trainingTime, images);
        return result;
    }

    private static TrainingResult Cancelled(TrainingResult result, Stopwatch clock, TimeSpan trainingTime, long images)
    {
        result = result with { Status = TrainingOutcome.Cancelled, FailureReason = "cancelled by request", ValidationAccuracy = null, ValidationLoss = null };
        Finish(ref result, clock, trainingTime, images);
        return result;
    }
}
