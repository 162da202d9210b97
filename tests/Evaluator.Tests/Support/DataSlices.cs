namespace NasLab.Evaluator.Tests;

/// <summary>Small real-data slices for fast tests, keeping provenance (partition) so the trainers' checks still apply.</summary>
public static class DataSlices
{
    public static ImageDataset First(ImageDataset source, int count, DatasetPartition partition)
    {
        count = Math.Min(count, source.Count);
        var pixels = source.Pixels[..(count * source.ImageSize)].ToArray();
        var labels = source.Labels[..count].ToArray();
        return new ImageDataset(pixels, labels, source.Channels, source.Height, source.Width, source.ClassCount, source.ClassNames,
            $"first {count} images of {source.Source}", partition);
    }
}
