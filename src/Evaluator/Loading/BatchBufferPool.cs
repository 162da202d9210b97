namespace NasLab.Evaluator;

/// <summary>The three pooled arrays of a batch, rented and returned together.</summary>
internal sealed class BatchBufferPool(int maxPerLength)
{
    private readonly ExactSizeArrayPool<float> _images = new(maxPerLength);
    private readonly ExactSizeArrayPool<long> _labels = new(maxPerLength);
    private readonly ExactSizeArrayPool<int> _indices = new(maxPerLength);

    public (float[] Images, long[] Labels, int[] Indices) Rent(int n, int imageSize) =>
        (_images.Rent(n * imageSize), _labels.Rent(n), _indices.Rent(n));

    public void Return(float[] images, long[] labels, int[] indices)
    {
        _images.Return(images);
        _labels.Return(labels);
        _indices.Return(indices);
    }
}
