using System.Diagnostics;
using System.Runtime.InteropServices;
using NasLab.Evaluator.Training.Checkpoints;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;

namespace NasLab.Evaluator.Training;

/// <summary>
/// Trains a chosen architecture on all training files with the full schedule, checkpointing after every epoch,
/// and reports accuracy on the TEST files once the schedule is finished (the only place test images are used).
/// A run interrupted (cancelled, killed, or stopped by <see cref="FullTrainingOptions.StopAfterEpochs"/>) resumes
/// from the last checkpoint and continues exactly as if it had not stopped: the loader and dropout streams are
/// derived from (seed, epoch), and the optimizer's momentum and schedule position are restored.
/// </summary>
public sealed class FullTrainer
{
    private readonly ImageDataset _trainFiles;
    private readonly ImageDataset _testFiles;
    private readonly int[] _trainIndices;

    public FullTrainingOptions Options { get; }
    public ChannelNormalization Normalization { get; }

    public FullTrainer(ImageDataset trainFiles, ImageDataset testFiles, FullTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(trainFiles);
        ArgumentNullException.ThrowIfNull(testFiles);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (trainFiles.Partition == DatasetPartition.Test)
            throw new ArgumentException($"trainFiles are test files ({trainFiles.Source}); pass the training files.", nameof(trainFiles));
        if (testFiles.Partition == DatasetPartition.Train)
            throw new ArgumentException($"testFiles are training files ({testFiles.Source}); pass the test files.", nameof(testFiles));
        if (testFiles.ClassCount != trainFiles.ClassCount)
            throw new ArgumentException($"Test files have {testFiles.ClassCount} classes, training files {trainFiles.ClassCount}.", nameof(testFiles));
        if (trainFiles.Count < options.Recipe.BatchSize)
            throw new ArgumentException($"Only {trainFiles.Count} training images for {nameof(TrainingRecipe.BatchSize)} {options.Recipe.BatchSize}.", nameof(trainFiles));
        _trainFiles = trainFiles;
        _testFiles = testFiles;
        _trainIndices = Enumerable.Range(0, trainFiles.Count).ToArray();
        Options = options;
        Normalization = InputPipeline.Normalization(trainFiles, _trainIndices);
    }

    /// <summary>
    /// Trains (or resumes) <paramref name="architecture"/>. Divergence and engine errors give a Failed result and
    /// cancellation a Cancelled one (the last checkpoint stays valid); an incompatible checkpoint throws.
    /// </summary>
    public FullTrainingResult Train(NetworkArchitecture architecture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ClassCountCheck.Require(architecture, _trainFiles);
        var clock = Stopwatch.StartNew();
        var recipe = Options.Recipe;
        var cost = CostModel.Compute(architecture);
        var store = Options.CheckpointDirectory is { } dir ? new CheckpointStore(dir) : null;
        var result = new FullTrainingResult
        {
            Architecture = architecture.Name,
            TotalEpochs = recipe.Epochs,
            CheckpointDirectory = store?.Directory,
            Params = cost.Params,
            Macs = cost.Macs,
            TrainingImages = _trainFiles.Count,
            TestImages = _testFiles.Count,
            Data = $"{_trainFiles.Source} (training, {_trainFiles.Count} images); {_testFiles.Source} (test, {_testFiles.Count} images)",
            Seed = recipe.Seed,
        };

        var trainingTime = TimeSpan.Zero;
        long images = 0;
        FullTrainingResult Finish(FullTrainingResult r) => r with
        {
            WallTimeSeconds = clock.Elapsed.TotalSeconds,
            ImagesPerSecond = trainingTime > TimeSpan.Zero ? images / trainingTime.TotalSeconds : 0,
        };

        try
        {
            using var trainLoader = InputPipeline.ForTraining(_trainFiles, _trainIndices, Normalization, architecture.InputResolution, recipe);
            EngineSettings.Prepare(recipe);
            using var session = new TrainingSession(architecture, recipe, trainLoader.BatchesPerEpoch);

            var curve = new List<EpochMetrics>();
            int start = 0;
            if (store is not null && Options.Resume && store.TryLoad() is { } checkpoint)
            {
                RequireCompatible(checkpoint, architecture, recipe, store);
                session.Restore(store.PathOf(checkpoint.ModelFile), store.PathOf(checkpoint.OptimizerFile), checkpoint.Steps);
                curve.AddRange(checkpoint.Curve);
                start = checkpoint.CompletedEpochs;
                result = result with { ResumedFromEpoch = start };
            }
            result = result with { EpochsCompleted = start, Curve = curve.ToArray() };

            int end = Options.StopAfterEpochs is int n ? Math.Min(recipe.Epochs, start + n) : recipe.Epochs;
            for (int epoch = start; epoch < end; epoch++)
            {
                var outcome = session.TrainEpoch(trainLoader, epoch, static () => false, cancellationToken);
                trainingTime += outcome.Elapsed;
                images += outcome.Images;
                if (outcome.Stop == EpochStop.Diverged)
                    return Finish(result with { Status = TrainingOutcome.Failed, FailureReason = outcome.FailureReason });
                if (outcome.Stop == EpochStop.Cancelled)
                    return Finish(result with { Status = TrainingOutcome.Cancelled, FailureReason = "cancelled by request; resume from the last checkpoint" });
                curve.Add(new EpochMetrics(epoch, outcome.MeanLoss, outcome.Accuracy, null, null, outcome.LastLearningRate,
                    outcome.Images, outcome.Elapsed.TotalSeconds, Complete: true));
                result = result with { EpochsCompleted = epoch + 1, Curve = curve.ToArray() };
                store?.Save(Checkpoint(architecture, recipe, epoch + 1, session.Step, curve), session.Save);
            }

            if (result.EpochsCompleted == recipe.Epochs)
            {
                using var testLoader = InputPipeline.ForEvaluation(_testFiles, Enumerable.Range(0, _testFiles.Count).ToArray(), Normalization, architecture.InputResolution, recipe);
                var test = session.Evaluate(testLoader, cancellationToken);
                if (!double.IsFinite(test.Loss))
                    return Finish(result with { Status = TrainingOutcome.Failed, FailureReason = $"diverged: test loss is {test.Loss} (the weights are not finite)" });
                result = result with { TestAccuracy = test.Accuracy, TestLoss = test.Loss };
            }
            return Finish(result with { Status = TrainingOutcome.Completed });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Finish(result with { Status = TrainingOutcome.Cancelled, FailureReason = "cancelled by request; resume from the last checkpoint" });
        }
        catch (ExternalException e)
        {
            return Finish(result with { Status = TrainingOutcome.Failed, FailureReason = $"engine error: {e.Message}" });
        }
    }

    private static TrainingCheckpoint Checkpoint(NetworkArchitecture architecture, TrainingRecipe recipe, int completedEpochs, long steps, IReadOnlyList<EpochMetrics> curve)
    {
        var (model, optimizer) = CheckpointStore.FileNames(completedEpochs);
        return new TrainingCheckpoint
        {
            Architecture = architecture,
            Recipe = recipe,
            CompletedEpochs = completedEpochs,
            Steps = steps,
            ModelFile = model,
            OptimizerFile = optimizer,
            Curve = curve.ToArray(),
            SavedAtUtc = DateTime.UtcNow,
        };
    }

    /// <summary>Resuming another network or schedule would silently train something else than asked: refuse.</summary>
    private static void RequireCompatible(TrainingCheckpoint checkpoint, NetworkArchitecture architecture, TrainingRecipe recipe, CheckpointStore store)
    {
        if (checkpoint.Architecture != architecture)
            throw new InvalidOperationException(
                $"The checkpoint in {store.Directory} is for architecture '{checkpoint.Architecture.Name}', not the '{architecture.Name}' being trained " +
                "(or the same name with different settings). Use another CheckpointDirectory, or Resume = false to start over.");
        if (ScheduleOf(checkpoint.Recipe) != ScheduleOf(recipe))
            throw new InvalidOperationException(
                $"The checkpoint in {store.Directory} was written with a different training recipe ({checkpoint.Recipe}); resuming needs the same " +
                "epochs, batch size, learning rate, momentum, weight decay, warm-up, label smoothing, augmentation and seed. Use another CheckpointDirectory, or Resume = false.");
        if (checkpoint.CompletedEpochs > recipe.Epochs)
            throw new InvalidOperationException($"The checkpoint in {store.Directory} has {checkpoint.CompletedEpochs} epochs, more than the {recipe.Epochs} of the schedule.");
    }

    /// <summary>The recipe fields that change what is trained; thread count, evaluation batch size, prefetching,
    /// memory format and the divergence bound only change speed or reporting.</summary>
    private static TrainingRecipe ScheduleOf(TrainingRecipe r) =>
        r with { Threads = null, EvaluationBatchSize = 1, PrefetchDepth = 1, MemoryFormat = MemoryFormat.Contiguous, MaxLoss = null };
}
