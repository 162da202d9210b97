using System.Diagnostics;
using System.Threading.Channels;

namespace NasLab.Evaluator;

/// <summary>
/// Assembles normalized (and, for training, augmented) batches on a background thread, keeping up to
/// <see cref="BatchLoaderOptions.PrefetchDepth"/> ready in a bounded channel so the training thread does
/// not wait on data. One epoch is read at a time via <see cref="ReadEpoch"/>; stopping the enumeration
/// early (break, exception, cancellation) or disposing the loader stops the worker.
/// </summary>
public sealed class BatchLoader : IDisposable
{
    private static readonly TimeSpan WorkerStopTimeout = TimeSpan.FromSeconds(10);

    private readonly ImageDataset _dataset;
    private readonly int[] _indices;
    private readonly BatchLoaderOptions _options;
    private readonly SampleGeometry _geometry;
    private readonly SampleTransformer _transformer;
    private readonly BatchBufferPool _pool;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();
    private Thread? _activeWorker;
    private bool _disposed;

    public LoaderStatistics Statistics { get; } = new();
    public SampleGeometry Geometry => _geometry;
    public int SampleCount => _indices.Length;
    public int BatchesPerEpoch => _options.DropLast ? _indices.Length / _options.BatchSize : (_indices.Length + _options.BatchSize - 1) / _options.BatchSize;

    public BatchLoader(ImageDataset dataset, IReadOnlyList<int> indices, BatchLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "Batch size must be positive.");
        if (options.PrefetchDepth <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.PrefetchDepth, "Prefetch depth must be at least 1.");
        foreach (int i in indices)
            if ((uint)i >= (uint)dataset.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"Index outside the {dataset.Count} images of {dataset.Source}.");
        _dataset = dataset;
        _indices = indices.ToArray();
        _options = options;
        _geometry = options.Geometry ?? SampleGeometry.Of(dataset);
        _transformer = new SampleTransformer(dataset, _geometry, options.Normalization, options.Augmentation);
        // Queue + one being assembled + a few held by the consumer.
        _pool = new BatchBufferPool(options.PrefetchDepth + 4);
    }

    /// <summary>Training loader: shuffled each epoch, augmented, last short batch dropped.</summary>
    public static BatchLoader ForTraining(ImageDataset dataset, IReadOnlyList<int> indices, ChannelNormalization normalization,
        int batchSize, ulong seed, AugmentationOptions? augmentation = null, SampleGeometry? geometry = null, int prefetchDepth = 2) =>
        new(dataset, indices, new BatchLoaderOptions(batchSize, normalization, seed, Shuffle: true, DropLast: true,
            PrefetchDepth: prefetchDepth, Augmentation: augmentation ?? AugmentationOptions.Standard, Geometry: geometry));

    /// <summary>Evaluation loader: fixed order, no augmentation, every sample (last batch may be short).</summary>
    public static BatchLoader ForEvaluation(ImageDataset dataset, IReadOnlyList<int> indices, ChannelNormalization normalization,
        int batchSize, SampleGeometry? geometry = null, int prefetchDepth = 2) =>
        new(dataset, indices, new BatchLoaderOptions(batchSize, normalization, Shuffle: false, DropLast: false,
            PrefetchDepth: prefetchDepth, Augmentation: null, Geometry: geometry));

    /// <summary>
    /// The batches of one epoch, assembled ahead on a background thread. Only one epoch may be read at a time.
    /// Each batch is owned by the caller (dispose it to recycle its arrays). Throws OperationCanceledException
    /// when <paramref name="cancellationToken"/> fires or the loader is disposed mid-epoch.
    /// </summary>
    public IEnumerable<Batch> ReadEpoch(int epoch, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "Epoch must not be negative.");
        return ReadEpochCore(epoch, cancellationToken);
    }

    private IEnumerable<Batch> ReadEpochCore(int epoch, CancellationToken cancellationToken)
    {
        var plan = new EpochPlan(_indices, _options.BatchSize, _options.Shuffle, _options.DropLast, _options.Seed, epoch);
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(_options.PrefetchDepth)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token, cancellationToken);
        var worker = new Thread(() => Produce(plan, epoch, channel.Writer, stop.Token))
        {
            IsBackground = true,
            Name = $"NasLab batch loader (epoch {epoch})",
        };
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_activeWorker is not null) throw new InvalidOperationException("Another epoch of this loader is still being read; finish or dispose its enumerator first.");
            _activeWorker = worker;
        }

        try
        {
            worker.Start();
            var reader = channel.Reader;
            var clock = new Stopwatch();
            while (true)
            {
                // Checked before every batch, so cancellation takes effect even when batches are already queued.
                stop.Token.ThrowIfCancellationRequested();
                if (reader.TryRead(out var batch))
                {
                    yield return batch;
                    continue;
                }
                clock.Restart();
                bool more = reader.WaitToReadAsync(stop.Token).AsTask().GetAwaiter().GetResult();
                Statistics.AddWait(clock.Elapsed);
                if (!more) break;
            }
        }
        finally
        {
            // Runs on normal end, break, exception and cancellation: stop the worker, then recycle unread batches.
            stop.Cancel();
            worker.Join(WorkerStopTimeout);
            while (channel.Reader.TryRead(out var unread)) unread.Dispose();
            lock (_gate) _activeWorker = null;
        }
    }

    private void Produce(EpochPlan plan, int epoch, ChannelWriter<Batch> writer, CancellationToken token)
    {
        Exception? failure = null;
        try
        {
            int imageSize = _geometry.ImageSize;
            var augmentation = _options.Augmentation;
            for (int b = 0; b < plan.BatchCount; b++)
            {
                token.ThrowIfCancellationRequested();
                var samples = plan.BatchSamples(b);
                var (images, labels, indices) = _pool.Rent(samples.Length, imageSize);
                for (int i = 0; i < samples.Length; i++)
                {
                    int index = samples[i];
                    var parameters = AugmentationParameters.Identity(0);
                    if (augmentation is not null)
                    {
                        var rng = EpochPlan.SampleRandom(_options.Seed, epoch, index);
                        parameters = AugmentationParameters.Draw(augmentation, ref rng, _geometry.Height, _geometry.Width);
                    }
                    _transformer.Transform(_dataset.Image(index), images.AsSpan(i * imageSize, imageSize), parameters);
                    labels[i] = _dataset.Label(index);
                    indices[i] = index;
                }
                var batch = new Batch(images, labels, indices, samples.Length, _geometry.Channels, _geometry.Height, _geometry.Width, epoch, b, _pool);
                // Blocking write on this dedicated thread: waits while the queue is full (that is the back-pressure).
                if (!writer.TryWrite(batch))
                {
                    try
                    {
                        writer.WriteAsync(batch, token).AsTask().GetAwaiter().GetResult();
                    }
                    catch
                    {
                        batch.Dispose();
                        throw;
                    }
                }
                Statistics.AddBatch(samples.Length);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Normal stop: the consumer finished early, was cancelled, or the loader was disposed.
        }
        catch (ChannelClosedException)
        {
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    /// <summary>Stops any running worker (a reader blocked in ReadEpoch gets OperationCanceledException).</summary>
    public void Dispose()
    {
        Thread? worker;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            worker = _activeWorker;
        }
        _lifetime.Cancel();
        worker?.Join(WorkerStopTimeout);
    }
}
