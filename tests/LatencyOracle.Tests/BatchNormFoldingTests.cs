using NasLab.LatencyOracle.Graph;
using NasLab.LatencyOracle.Tests.Reference;

namespace NasLab.LatencyOracle.Tests;

public class BatchNormFoldingTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public void FoldedConvEqualsConvFollowedByBatchNorm(bool withBias, int group)
    {
        var random = new Random(7);
        const int inChannels = 4, outChannels = 6, k = 3;
        var x = TestData.Tensor(random, 1, inChannels, 7, 7);
        var weight = TestData.Uniform(random, outChannels * inChannels / group * k * k);
        var bias = withBias ? TestData.Uniform(random, outChannels) : null;
        var gamma = TestData.Uniform(random, outChannels, 0.5, 2);
        var beta = TestData.Uniform(random, outChannels);
        var mean = TestData.Uniform(random, outChannels);
        var variance = TestData.Uniform(random, outChannels, 0.1, 3);
        const float eps = 1e-3f;

        var convThenBn = NaiveOps.BatchNorm(
            NaiveOps.Conv2d(x, weight, k, k, bias, group, 2, 2, [1, 1, 1, 1]), gamma, beta, mean, variance, eps);
        var folded = BatchNormFolding.Fold(weight, bias, gamma, beta, mean, variance, eps);
        var foldedConv = NaiveOps.Conv2d(x, folded.Weight, k, k, folded.Bias, group, 2, 2, [1, 1, 1, 1]);

        TestData.AssertClose(convThenBn, foldedConv, relative: 1e-5);
    }

    [Fact]
    public void MismatchedParameterLengthsAreRejected()
    {
        var ones = new float[] { 1, 1 };
        Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(new float[8], null, ones, ones, ones, new float[] { 1 }));
        Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(new float[7], null, ones, ones, ones, ones));
    }
}
