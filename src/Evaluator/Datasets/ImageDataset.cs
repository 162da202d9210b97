namespace NasLab.Evaluator;

/// <summary>
/// An in-memory image classification dataset: uint8 pixels in NCHW order (one contiguous array,
/// image i at <c>i * C * H * W</c>), one integer label per image. Immutable once built; share it
/// freely between loaders and threads.
/// </summary>
public sealed class ImageDataset
{
    private readonly byte[] _pixels;
    private readonly int[] _labels;

    public int Count { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int ClassCount { get; }
    /// <summary>Class names in label order, or null when the files did not provide them.</summary>
    public IReadOnlyList<string>? ClassNames { get; }
    /// <summary>Human-readable origin, e.g. "CIFAR-10 train (5 files) in /data/cifar".</summary>
    public string Source { get; }
    public DatasetPartition Partition { get; }

    public int ImageSize => Channels * Height * Width;
    public ReadOnlySpan<byte> Pixels => _pixels;
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Takes ownership of <paramref name="pixels"/> and <paramref name="labels"/> (no copy).</summary>
    public ImageDataset(byte[] pixels, int[] labels, int channels, int height, int width, int classCount,
        IReadOnlyList<string>? classNames, string source, DatasetPartition partition = DatasetPartition.Unspecified)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"Image shape must be positive, got {channels}x{height}x{width}.");
        if (classCount <= 0) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "Need at least one class.");
        long imageSize = (long)channels * height * width;
        if (pixels.LongLength != imageSize * labels.LongLength)
            throw new ArgumentException($"Pixel buffer has {pixels.LongLength} bytes, expected {labels.Length} images x {imageSize} = {imageSize * labels.LongLength}.");
        if (classNames is not null && classNames.Count != classCount)
            throw new ArgumentException($"{classNames.Count} class names given for {classCount} classes.");
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException($"Label {labels[i]} of image {i} is outside [0, {classCount}).");

        _pixels = pixels;
        _labels = labels;
        Count = labels.Length;
        Channels = channels;
        Height = height;
        Width = width;
        ClassCount = classCount;
        ClassNames = classNames;
        Source = source;
        Partition = partition;
    }

    public ReadOnlySpan<byte> Image(int index) => _pixels.AsSpan(checked(index * ImageSize), ImageSize);

    public int Label(int index) => _labels[index];

    /// <summary>Number of images of each class.</summary>
    public int[] ClassHistogram()
    {
        var counts = new int[ClassCount];
        foreach (int label in _labels) counts[label]++;
        return counts;
    }

    /// <summary>Concatenates datasets of identical shape and classes (e.g. the five CIFAR-10 batches).</summary>
    public static ImageDataset Concatenate(IReadOnlyList<ImageDataset> parts, string source)
    {
        if (parts.Count == 0) throw new ArgumentException("Nothing to concatenate.", nameof(parts));
        var first = parts[0];
        foreach (var p in parts)
            if (p.Channels != first.Channels || p.Height != first.Height || p.Width != first.Width || p.ClassCount != first.ClassCount)
                throw new ArgumentException($"Cannot concatenate {p.Source} ({p.Channels}x{p.Height}x{p.Width}, {p.ClassCount} classes) with {first.Source}.");
        int total = parts.Sum(p => p.Count);
        var pixels = new byte[(long)total * first.ImageSize];
        var labels = new int[total];
        int n = 0;
        foreach (var p in parts)
        {
            p._pixels.CopyTo(pixels, (long)n * first.ImageSize);
            p._labels.CopyTo(labels, n);
            n += p.Count;
        }
        var partition = parts.All(p => p.Partition == first.Partition) ? first.Partition : DatasetPartition.Unspecified;
        return new ImageDataset(pixels, labels, first.Channels, first.Height, first.Width, first.ClassCount,
            first.ClassNames, source, partition);
    }

    public override string ToString() => $"{Source}: {Count} images {Channels}x{Height}x{Width}, {ClassCount} classes";
}
