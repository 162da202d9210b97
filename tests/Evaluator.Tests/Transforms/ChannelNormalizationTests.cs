using Xunit.Abstractions;

namespace NasLab.Evaluator.Tests;

public class ChannelNormalizationTests(ITestOutputHelper output)
{
    [Fact]
    public void Computed_statistics_match_a_hand_computed_case()
    {
        // Channel 0 pixels over images 0 and 1: 0, 255, 255, 255 -> mean 0.75, std sqrt(0.75 * 0.25) = 0.4330.
        // Channel 1 is constant 51 -> mean 0.2, std falls back to 1. Image 2 is not in the index list and must be ignored.
        var ds = DataFiles.InMemory([0, 0, 0], 2, 1, 2, 1, (i, c, _, x) => c == 1 ? (byte)51 : i == 2 ? (byte)0 : (byte)(i == 0 && x == 0 ? 0 : 255));
        var norm = ChannelNormalization.Compute(ds, [0, 1]);
        Assert.Equal(0.75, norm.Mean[0], 12);
        Assert.Equal(Math.Sqrt(0.75 * 0.25), norm.Std[0], 12);
        Assert.Equal(0.2, norm.Mean[1], 12);
        Assert.Equal(1.0, norm.Std[1]);
    }

    [Fact]
    public void Lookup_table_applies_the_formula()
    {
        var table = ChannelNormalization.Cifar10Standard.BuildLookupTable();
        Assert.Equal((float)((128 / 255.0 - 0.4822) / 0.2435), table[256 + 128], 6);
        Assert.Equal((float)(-0.4465 / 0.2616), table[512], 6);
    }

    [Fact]
    public void Grey_statistics_expand_to_three_channels()
    {
        var n = new ChannelNormalization([0.3], [0.2]).ForChannels(3);
        Assert.Equal([0.3, 0.3, 0.3], n.Mean);
        Assert.Equal([0.2, 0.2, 0.2], n.Std);
    }

    [Fact]
    public void Normalized_real_training_data_has_mean_zero_and_std_one()
    {
        if (RealData.Cifar10SubsetTrain is not { } train) { output.WriteLine(RealData.CifarMissing); return; }
        var split = TrainValidationSplit.Create(train, 1000, seed: 0);
        var norm = ChannelNormalization.Compute(train, split.TrainIndices);
        output.WriteLine($"Data used: {train}; training-split statistics {norm}");
        // Close to the published full-training-set constants (a subset, so within a few thousandths to a hundredth).
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(ChannelNormalization.Cifar10Standard.Mean[c], norm.Mean[c], 0.02);
            Assert.Equal(ChannelNormalization.Cifar10Standard.Std[c], norm.Std[c], 0.02);
        }

        // Normalizing the same images through the evaluation loader must give mean 0 / std 1 per channel.
        using var loader = BatchLoader.ForEvaluation(train, split.TrainIndices, norm, batchSize: 500);
        var sum = new double[3];
        var squares = new double[3];
        long perChannel = 0;
        foreach (var batch in loader.ReadEpoch(0))
        {
            using (batch)
            {
                int plane = batch.H * batch.W;
                for (int i = 0; i < batch.N; i++)
                    for (int c = 0; c < 3; c++)
                        foreach (float v in batch.Images.AsSpan((i * 3 + c) * plane, plane)) { sum[c] += v; squares[c] += v * v; }
                perChannel += (long)batch.N * plane;
            }
        }
        for (int c = 0; c < 3; c++)
        {
            double mean = sum[c] / perChannel;
            double std = Math.Sqrt(squares[c] / perChannel - mean * mean);
            output.WriteLine($"channel {c}: normalized mean {mean:F5}, std {std:F5}");
            Assert.Equal(0, mean, 1e-3);
            Assert.Equal(1, std, 1e-3);
        }
    }
}
