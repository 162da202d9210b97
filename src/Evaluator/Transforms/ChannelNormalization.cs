namespace NasLab.Evaluator;

/// <summary>
/// Per-channel normalization <c>(pixel / 255 - mean[c]) / std[c]</c>, with mean and std on the [0, 1]
/// scale. Applied when batches are assembled, through a 256-entry lookup table per channel, so the
/// stored dataset stays uint8 (4x smaller) and normalizing costs one table read per pixel.
/// </summary>
public sealed class ChannelNormalization
{
    public IReadOnlyList<double> Mean { get; }
    public IReadOnlyList<double> Std { get; }
    public int Channels => Mean.Count;

    public ChannelNormalization(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        if (mean.Count == 0 || mean.Count != std.Count)
            throw new ArgumentException($"Need one mean and one std per channel, got {mean.Count} and {std.Count}.");
        if (std.Any(s => !(s > 0)))
            throw new ArgumentException("Every std must be positive.", nameof(std));
        Mean = mean.ToArray();
        Std = std.ToArray();
    }

    /// <summary>
    /// The usual CIFAR-10 training-set statistics. The std is the per-pixel std over the whole training set
    /// (0.2470, 0.2435, 0.2616), not the often-copied (0.2023, 0.1994, 0.2010), which is a mean of per-image stds.
    /// </summary>
    public static ChannelNormalization Cifar10Standard { get; } = new([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616]);

    /// <summary>Only rescales to [0, 1]: mean 0, std 1.</summary>
    public static ChannelNormalization Unit(int channels) =>
        new(Enumerable.Repeat(0.0, channels).ToArray(), Enumerable.Repeat(1.0, channels).ToArray());

    /// <summary>
    /// Mean and (population) std of each channel over the given images, e.g. the training part of a split,
    /// so no validation or test statistics leak into training. Sums are exact integers.
    /// </summary>
    public static ChannelNormalization Compute(ImageDataset dataset, IReadOnlyList<int> indices)
    {
        if (indices.Count == 0) throw new ArgumentException("Need at least one image to compute statistics.", nameof(indices));
        int c = dataset.Channels, plane = dataset.Height * dataset.Width;
        var sum = new long[c];
        var sumSquares = new long[c];
        foreach (int index in indices)
        {
            var image = dataset.Image(index);
            for (int ch = 0; ch < c; ch++)
            {
                long s = 0, q = 0;
                foreach (byte v in image.Slice(ch * plane, plane)) { s += v; q += v * v; }
                sum[ch] += s;
                sumSquares[ch] += q;
            }
        }
        double n = (double)indices.Count * plane;
        var mean = new double[c];
        var std = new double[c];
        for (int ch = 0; ch < c; ch++)
        {
            double m = sum[ch] / n;
            double variance = sumSquares[ch] / n - m * m;
            mean[ch] = m / 255.0;
            // A constant channel has std 0; fall back to 1 so normalization only centres it.
            std[ch] = variance > 0 ? Math.Sqrt(variance) / 255.0 : 1.0;
        }
        return new ChannelNormalization(mean, std);
    }

    /// <summary>Statistics for <paramref name="channels"/> output channels; a single grey channel is replicated.</summary>
    public ChannelNormalization ForChannels(int channels)
    {
        if (channels == Channels) return this;
        if (Channels != 1)
            throw new InvalidOperationException($"Cannot use {Channels}-channel statistics for {channels} channels.");
        return new ChannelNormalization(Enumerable.Repeat(Mean[0], channels).ToArray(), Enumerable.Repeat(Std[0], channels).ToArray());
    }

    /// <summary>Table of 256 normalized values per channel: entry [c * 256 + v] is the value of pixel byte v.</summary>
    public float[] BuildLookupTable()
    {
        var table = new float[Channels * 256];
        for (int c = 0; c < Channels; c++)
            for (int v = 0; v < 256; v++)
                table[c * 256 + v] = (float)((v / 255.0 - Mean[c]) / Std[c]);
        return table;
    }

    public override string ToString() =>
        $"mean ({string.Join(", ", Mean.Select(m => m.ToString("F4")))}), std ({string.Join(", ", Std.Select(s => s.ToString("F4")))})";
}
