using System.Diagnostics;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.Evaluator.Training.Checkpoints;
using NasLab.SearchSpace.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NasLab.Evaluator.Training;

/// <summary>
/// A built network with its SGD optimizer and cosine schedule: trains epochs, evaluates, saves and restores
/// state. Every step and evaluation batch runs in its own dispose scope, so native memory of temporaries is
/// returned at once rather than whenever the GC runs (RSS stays flat over thousands of steps). Used by both the
/// proxy and the full trainer.
/// </summary>
internal sealed class TrainingSession : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _module;
    private readonly SGD _optimizer;
    private readonly CosineSchedule _schedule;
    private readonly TrainingRecipe _recipe;
    private readonly DivergenceGuard _guard;
    private readonly Device _device;

    /// <summary>Optimizer steps taken so far (the schedule position).</summary>
    public long Step { get; private set; }
    public nn.Module<Tensor, Tensor> Module => _module;

    /// <summary>Builds the network (call <see cref="EngineSettings.Prepare"/> first for seeded weights).</summary>
    public TrainingSession(NetworkArchitecture architecture, TrainingRecipe recipe, int stepsPerEpoch)
    {
        _recipe = recipe;
        _guard = new DivergenceGuard(recipe.LossBound(architecture.NumClasses));
        _device = EngineDevice.Resolve(recipe.Device);
        _module = NetworkBuilder.Build(architecture);
        try
        {
            if (_device.type != DeviceType.CPU) _module.to(_device);
            // Converted once; each input batch is converted to the same layout in TrainEpoch.
            if (recipe.MemoryFormat == MemoryFormat.ChannelsLast) ChannelsLast.Apply(_module);
            _optimizer = SgdOptimizer.Create(_module, recipe);
        }
        catch
        {
            _module.Dispose();
            throw;
        }
        long total = (long)recipe.Epochs * stepsPerEpoch;
        long warmup = (long)Math.Round(recipe.WarmupEpochs * stepsPerEpoch);
        _schedule = new CosineSchedule(recipe.LearningRate, total, warmup);
    }

    /// <summary>
    /// Trains one epoch (or until divergence, the deadline, or cancellation, each checked after every step).
    /// Cancellation ends the epoch cleanly with <see cref="EpochStop.Cancelled"/> instead of throwing.
    /// </summary>
    public EpochOutcome TrainEpoch(BatchLoader loader, int epoch, Func<bool> deadlinePassed, CancellationToken cancellationToken)
    {
        EngineSettings.SeedEpoch(_recipe, epoch);
        _module.train();
        var clock = Stopwatch.StartNew();
        double lossSum = 0, lr = _schedule.At(Step);
        long correct = 0, images = 0, batches = 0;
        var stop = EpochStop.None;
        string? failure = null;
        using var batchEnumerator = loader.ReadEpoch(epoch, cancellationToken).GetEnumerator();
        try
        {
            while (batchEnumerator.MoveNext())
            {
                lr = _schedule.At(Step);
                var (loss, hits, n) = TrainStep(batchEnumerator.Current, lr);
                if (_guard.Check(loss, epoch, Step) is { } reason)
                {
                    stop = EpochStop.Diverged;
                    failure = reason;
                    lossSum += loss;
                    batches++;
                    break;
                }
                Step++;
                lossSum += loss;
                correct += hits;
                images += n;
                batches++;
                if (cancellationToken.IsCancellationRequested) { stop = EpochStop.Cancelled; break; }
                if (deadlinePassed()) { stop = EpochStop.TimeLimit; break; }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The loader noticed first (e.g. while waiting for a batch); no step was interrupted.
            stop = EpochStop.Cancelled;
        }
        return new EpochOutcome(batches > 0 ? lossSum / batches : double.NaN, images > 0 ? (double)correct / images : 0,
            images, clock.Elapsed, lr, stop, failure);
    }

    /// <summary>Tensors of a batch in the recipe's memory format (see <see cref="BatchTensors"/>). Call inside a dispose scope.</summary>
    private (Tensor X, Tensor Y, int N) ToTensors(Batch batch) => BatchTensors.From(batch, _recipe.MemoryFormat, _device);

    /// <summary>One SGD step; the update is skipped when the loss is not finite or above the divergence bound.</summary>
    private (double Loss, long Correct, int Images) TrainStep(Batch batch, double learningRate)
    {
        using var scope = torch.NewDisposeScope();
        var (x, y, n) = ToTensors(batch);
        foreach (var group in _optimizer.ParamGroups) group.LearningRate = learningRate;
        _optimizer.zero_grad();
        var logits = _module.forward(x);
        var loss = F.cross_entropy(logits, y, label_smoothing: _recipe.LabelSmoothing);
        double value = loss.item<float>();
        if (!_guard.IsHealthy(value)) return (value, 0, n);
        loss.backward();
        _optimizer.step();
        long correct = logits.argmax(1).eq(y).sum().item<long>();
        return (value, correct, n);
    }

    /// <summary>Accuracy and plain (unsmoothed) cross-entropy in eval mode without gradients.</summary>
    public EvaluationMetrics Evaluate(BatchLoader loader, CancellationToken cancellationToken)
    {
        _module.eval();
        var clock = Stopwatch.StartNew();
        using var noGrad = torch.no_grad();
        double lossSum = 0;
        long correct = 0;
        int images = 0;
        foreach (var batch in loader.ReadEpoch(0, cancellationToken))
        {
            using var scope = torch.NewDisposeScope();
            var (x, y, n) = ToTensors(batch);
            var logits = _module.forward(x);
            lossSum += F.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(y).sum().item<long>();
            images += n;
        }
        _module.train();
        return new EvaluationMetrics(images > 0 ? (double)correct / images : 0, images > 0 ? lossSum / images : double.NaN,
            images, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Writes module state (TorchSharp's <c>module.save</c> format: parameters and batch-norm buffers, loadable by
    /// <c>module.load(path, strict: true)</c>) and optimizer state (options and momentum buffers of both groups).
    /// </summary>
    public void Save(string modelPath, string optimizerPath)
    {
        StateFiles.SaveModule(_module, modelPath);
        StateFiles.SaveOptimizer(_optimizer, optimizerPath);
    }

    /// <summary>Restores what <see cref="Save"/> wrote and the schedule position.</summary>
    public void Restore(string modelPath, string optimizerPath, long step)
    {
        foreach (var path in new[] { modelPath, optimizerPath })
            if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint state file not found: {path}", path);
        StateFiles.LoadModule(_module, modelPath, _recipe.MemoryFormat);
        StateFiles.LoadOptimizer(_optimizer, optimizerPath, _recipe.MemoryFormat);
        Step = step;
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _module.Dispose();
    }
}
