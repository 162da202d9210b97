using NasLab.Evaluator.Training;
using static TorchSharp.torch;

namespace NasLab.Evaluator.WeightSharing;

/// <summary>
/// The images a supernet search works on, decoded and normalized once into memory: the training split (shuffled
/// batches with random horizontal flips, one sampled architecture per batch) and the validation split (fixed
/// batches that score every architecture alike). The same split and normalization as the stand-alone trainer's.
/// </summary>
public sealed class SupernetData : IDisposable
{
    private readonly Tensor _trainImages, _trainLabels, _validationImages, _validationLabels;
    private readonly int _seed;
    private int[] _order = [];
    private long _orderEpoch = -1;

    public SupernetData(ImageDataset dataset, TrainValidationSplit split, ChannelNormalization normalization, int resolution, int batchSize, int seed)
    {
        BatchSize = batchSize;
        (_trainImages, _trainLabels) = Load(dataset, split.TrainIndices, normalization, resolution);
        (_validationImages, _validationLabels) = Load(dataset, split.ValidationIndices, normalization, resolution);
        if (TrainingImages < batchSize) throw new ArgumentException($"{TrainingImages} training images cannot fill one batch of {batchSize}");
        _seed = seed;
    }

    public int BatchSize { get; }

    public long TrainingImages => _trainImages.shape[0];

    public long ValidationImages => _validationImages.shape[0];

    /// <summary>Full batches in one pass over the training split.</summary>
    public int StepsPerEpoch => (int)(TrainingImages / BatchSize);

    /// <summary>
    /// The batch of training step <paramref name="step"/>: each epoch is a new shuffle and half of the images are flipped
    /// left to right, both drawn from the seed and the step alone, so a search resumed at any step sees the same images.
    /// </summary>
    public (Tensor Images, Tensor Labels) TrainingBatch(long step)
    {
        var epoch = step / StepsPerEpoch;
        if (epoch != _orderEpoch)
        {
            var shuffle = new Random(StepSeeds.Of(_seed, epoch, 1));
            _order = Enumerable.Range(0, (int)TrainingImages).ToArray();
            shuffle.Shuffle(_order);
            _orderEpoch = epoch;
        }
        var start = (int)(step % StepsPerEpoch) * BatchSize;
        var index = tensor(_order.AsSpan(start, BatchSize).ToArray().Select(i => (long)i).ToArray());
        var images = _trainImages.index_select(0, index);
        var flips = new Random(StepSeeds.Of(_seed, step, 2));
        var flip = tensor(Enumerable.Range(0, BatchSize).Select(_ => flips.Next(2) == 1).ToArray()).reshape(-1, 1, 1, 1);
        return (where(flip, images.flip(3), images), _trainLabels.index_select(0, index));
    }

    /// <summary>Training batches for batch-norm recalibration: the first <paramref name="count"/> of a fixed order, so every architecture sees the same.</summary>
    public IReadOnlyList<Tensor> RecalibrationBatches(int count) =>
        Enumerable.Range(0, count).Select(b => _trainImages.narrow(0, b * BatchSize % Math.Max(1, TrainingImages - BatchSize), BatchSize)).ToList();

    /// <summary>The validation split in batches of at most <paramref name="batchSize"/> (the first <paramref name="images"/> images, or all).</summary>
    public IReadOnlyList<(Tensor Images, Tensor Labels)> ValidationBatches(int batchSize, int? images = null)
    {
        var n = (int)Math.Min(images ?? ValidationImages, ValidationImages);
        var list = new List<(Tensor, Tensor)>();
        for (var start = 0; start < n; start += batchSize)
        {
            var size = Math.Min(batchSize, n - start);
            list.Add((_validationImages.narrow(0, start, size), _validationLabels.narrow(0, start, size)));
        }
        return list;
    }

    private static (Tensor Images, Tensor Labels) Load(ImageDataset dataset, IReadOnlyList<int> indices, ChannelNormalization normalization, int resolution)
    {
        var recipe = new TrainingRecipe { EvaluationBatchSize = 256, MemoryFormat = MemoryFormat.Contiguous };
        using var loader = InputPipeline.ForEvaluation(dataset, indices, normalization, resolution, recipe);
        var images = new List<Tensor>();
        var labels = new List<Tensor>();
        foreach (var batch in loader.ReadEpoch(0))
        {
            var (x, y, _) = BatchTensors.From(batch, MemoryFormat.Contiguous);
            images.Add(x.DetachFromDisposeScope());
            labels.Add(y.DetachFromDisposeScope());
        }
        var all = (cat(images, 0).DetachFromDisposeScope(), cat(labels, 0).DetachFromDisposeScope());
        foreach (var t in images.Concat(labels)) t.Dispose();
        return all;
    }

    public void Dispose()
    {
        _trainImages.Dispose();
        _trainLabels.Dispose();
        _validationImages.Dispose();
        _validationLabels.Dispose();
    }
}
