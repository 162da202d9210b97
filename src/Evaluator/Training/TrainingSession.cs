using System.Diagnostics;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.Torch;
using NasLab.Torch.Nn;
using NasLab.Torch.Optim;

namespace NasLab.Evaluator.Training;

/// <summary>
/// A built network with its SGD optimizer and cosine schedule: trains epochs, evaluates, saves and restores
/// state. Every step and evaluation batch runs in its own dispose scope, so native memory of temporaries is
/// returned at once rather than whenever the GC runs. Used by both the proxy and the full trainer.
/// </summary>
internal sealed class TrainingSession : IDisposable
{
    private readonly Module<Tensor, Tensor> _module;
    private readonly Sgd _optimizer;
    private readonly CosineSchedule _schedule;
    private readonly TrainingRecipe _recipe;
    private readonly DivergenceGuard _guard;

    /// <summary>Optimizer steps taken so far (the schedule position).</summary>
    public long Step { get; private set; }
    public Module<Tensor, Tensor> Module => _module;

    /// <summary>Builds the network (call <see cref="EngineSettings.Prepare"/> first for seeded weights).</summary>
    public TrainingSession(NetworkArchitecture architecture, TrainingRecipe recipe, int stepsPerEpoch)
    {
        _recipe = recipe;
        _guard = new DivergenceGuard(recipe.LossBound(architecture.NumClasses));
        _module = NetworkBuilder.Build(architecture);
        try
        {
            // Converted once; each input batch is converted to the same layout in TrainEpoch.
            if (recipe.MemoryFormat != MemoryFormat.Contiguous) _module.To(recipe.MemoryFormat);
            _optimizer = new Sgd(_module.Parameters(), recipe.LearningRate, recipe.Momentum, recipe.WeightDecay, recipe.Nesterov);
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
        _module.Train();
        var clock = Stopwatch.StartNew();
        double lossSum = 0, lr = _optimizer.LearningRate;
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

    /// <summary>
    /// Copies a batch into tensors (one bulk copy each) in the recipe's memory format and returns the
    /// batch's arrays to the loader's pool. Call inside the caller's dispose scope.
    /// </summary>
    private (Tensor X, Tensor Y, int N) ToTensors(Batch batch)
    {
        int n = batch.N;
        Tensor x, y;
        using (batch)
        {
            x = Tensor.From<float>(batch.Images, n, batch.C, batch.H, batch.W);
            y = Tensor.From<long>(batch.Labels, n);
        }
        if (_recipe.MemoryFormat != MemoryFormat.Contiguous) x = x.Contiguous(_recipe.MemoryFormat);
        return (x, y, n);
    }

    /// <summary>One SGD step; the update is skipped when the loss is not finite or above the divergence bound.</summary>
    private (double Loss, long Correct, int Images) TrainStep(Batch batch, double learningRate)
    {
        using var scope = DisposeScope.Begin();
        var (x, y, n) = ToTensors(batch);
        _optimizer.LearningRate = learningRate;
        _optimizer.ZeroGrad();
        var logits = _module.Forward(x);
        var loss = Functional.CrossEntropy(logits, y, _recipe.LabelSmoothing);
        double value = loss.Item();
        if (!_guard.IsHealthy(value)) return (value, 0, n);
        loss.Backward();
        _optimizer.Step();
        long correct = (long)logits.ArgMax(1).Eq(y).Sum().Item();
        return (value, correct, n);
    }

    /// <summary>Accuracy and plain (unsmoothed) cross-entropy in eval mode without gradients.</summary>
    public EvaluationMetrics Evaluate(BatchLoader loader, CancellationToken cancellationToken)
    {
        _module.Eval();
        var clock = Stopwatch.StartNew();
        using var noGrad = Autograd.NoGrad();
        double lossSum = 0;
        long correct = 0;
        int images = 0;
        foreach (var batch in loader.ReadEpoch(0, cancellationToken))
        {
            using var scope = DisposeScope.Begin();
            var (x, y, n) = ToTensors(batch);
            var logits = _module.Forward(x);
            lossSum += Functional.CrossEntropy(logits, y, reduction: Reduction.Sum).Item();
            correct += (long)logits.ArgMax(1).Eq(y).Sum().Item();
            images += n;
        }
        _module.Train();
        return new EvaluationMetrics(images > 0 ? (double)correct / images : 0, images > 0 ? lossSum / images : double.NaN,
            images, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Writes module state (<see cref="Module.Save"/>) and optimizer state (momentum buffers).</summary>
    public void Save(string modelPath, string optimizerPath)
    {
        _module.Save(modelPath);
        _optimizer.Save(optimizerPath);
    }

    /// <summary>Restores what <see cref="Save"/> wrote and the schedule position.</summary>
    public void Restore(string modelPath, string optimizerPath, long step)
    {
        _module.Load(modelPath);
        _optimizer.Load(optimizerPath);
        Step = step;
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _module.Dispose();
    }
}
