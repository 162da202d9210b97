namespace NasLab.Evaluator;

/// <summary>
/// One assembled mini-batch as plain contiguous managed arrays, ready for a single bulk copy into tensors:
/// <see cref="Images"/> is N x C x H x W normalized floats (length exactly N*C*H*W), <see cref="Labels"/> has N entries.
/// <para>
/// Ownership: the consumer owns the batch once it is handed out. The arrays come from the loader's pool;
/// call <see cref="Dispose"/> after copying them out (e.g. into a tensor) to return them for reuse, which avoids
/// allocating ~1.5 MB per batch. After Dispose the arrays must not be touched (the properties throw). Not
/// disposing is safe: the arrays are then simply garbage-collected.
/// </para>
/// </summary>
public sealed class Batch : IDisposable
{
    private float[]? _images;
    private long[]? _labels;
    private int[]? _sampleIndices;
    private readonly BatchBufferPool? _pool;

    public int N { get; }
    public int C { get; }
    public int H { get; }
    public int W { get; }
    /// <summary>Epoch this batch belongs to.</summary>
    public int Epoch { get; }
    /// <summary>Position of the batch within its epoch, from 0.</summary>
    public int Index { get; }

    public float[] Images => _images ?? throw new ObjectDisposedException(nameof(Batch), "The batch was disposed; its arrays went back to the pool.");
    public long[] Labels => _labels ?? throw new ObjectDisposedException(nameof(Batch), "The batch was disposed; its arrays went back to the pool.");
    /// <summary>Dataset index of each sample, in batch order (for debugging and per-sample bookkeeping).</summary>
    public int[] SampleIndices => _sampleIndices ?? throw new ObjectDisposedException(nameof(Batch), "The batch was disposed.");

    internal Batch(float[] images, long[] labels, int[] sampleIndices, int n, int c, int h, int w, int epoch, int index, BatchBufferPool? pool)
    {
        _images = images;
        _labels = labels;
        _sampleIndices = sampleIndices;
        _pool = pool;
        N = n; C = c; H = h; W = w;
        Epoch = epoch;
        Index = index;
    }

    public void Dispose()
    {
        var images = Interlocked.Exchange(ref _images, null);
        var labels = Interlocked.Exchange(ref _labels, null);
        var indices = Interlocked.Exchange(ref _sampleIndices, null);
        if (_pool is null || images is null) return;
        _pool.Return(images, labels!, indices!);
    }
}
