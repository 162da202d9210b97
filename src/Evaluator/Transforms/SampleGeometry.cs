namespace NasLab.Evaluator;

/// <summary>
/// The shape samples are delivered in, which may differ from the stored shape: resized (proxy
/// resolution) and/or with one grey channel replicated to 3 (so CIFAR-shaped networks run on
/// Fashion-MNIST). Applied per sample, before cropping, so the dataset is not duplicated in memory.
/// </summary>
public sealed record SampleGeometry(int Channels, int Height, int Width, ResizeMode ResizeMode = ResizeMode.Bilinear)
{
    public static SampleGeometry Of(ImageDataset dataset) => new(dataset.Channels, dataset.Height, dataset.Width);

    public SampleGeometry Resized(int height, int width, ResizeMode mode = ResizeMode.Bilinear) =>
        this with { Height = height, Width = width, ResizeMode = mode };

    /// <summary>Replicates a grey channel into <paramref name="channels"/> identical channels.</summary>
    public SampleGeometry WithChannels(int channels) => this with { Channels = channels };

    public int ImageSize => Channels * Height * Width;

    internal void Validate(ImageDataset dataset)
    {
        if (Height <= 0 || Width <= 0) throw new ArgumentException($"Output size must be positive, got {Height}x{Width}.");
        if (Channels != dataset.Channels && dataset.Channels != 1)
            throw new ArgumentException($"Can only change the channel count of a 1-channel dataset; {dataset.Source} has {dataset.Channels}.");
    }
}
