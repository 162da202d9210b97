using NasLab.LatencyOracle.Graph;
using NasLab.LatencyOracle.Runtime;
using NasLab.LatencyOracle.Tests.Reference;

namespace NasLab.LatencyOracle.Tests;

/// <summary>A MobileNetV3-like stem end to end: ORT versus a naive C# forward pass.</summary>
public class MobileBlockTests
{
    internal sealed record Block(byte[] Model, FloatTensor Input, FloatTensor Expected);

    /// <summary>Grouped strided padded Conv (BN folded) -> HardSwish -> GlobalAveragePool -> Flatten -> Gemm.</summary>
    internal static Block Build(int seed)
    {
        var random = new Random(seed);
        const int c = 4, o = 6, group = 2, k = 3, classes = 5;
        var x = TestData.Tensor(random, 1, c, 9, 9);
        var convWeight = TestData.Uniform(random, o * (c / group) * k * k);
        var convBias = TestData.Uniform(random, o);
        var gamma = TestData.Uniform(random, o, 0.5, 2);
        var beta = TestData.Uniform(random, o);
        var mean = TestData.Uniform(random, o, -0.5, 0.5);
        var variance = TestData.Uniform(random, o, 0.2, 2);
        const float eps = 1e-5f;
        var fcWeight = TestData.Uniform(random, classes * o);
        var fcBias = TestData.Uniform(random, classes);
        var pads = new[] { 1, 1, 1, 1 };

        // Reference: the unfolded network, computed naively.
        var conv = NaiveOps.Conv2d(x, convWeight, k, k, convBias, group, 2, 2, pads);
        var activated = NaiveOps.Map(NaiveOps.BatchNorm(conv, gamma, beta, mean, variance, eps), NaiveOps.HardSwish);
        var pooled = NaiveOps.GlobalAveragePool(activated);
        var expected = NaiveOps.Linear(pooled.Data, 1, o, fcWeight, classes, fcBias);

        var folded = BatchNormFolding.Fold(convWeight, convBias, gamma, beta, mean, variance, eps);
        var g = new OnnxGraphBuilder("mobile_block");
        var input = g.Input("image", [1, c, 9, 9], dynamicBatch: true);
        var w = g.Initializer("stem.conv.weight", folded.Weight, o, c / group, k, k);
        var b = g.Initializer("stem.conv.bias", folded.Bias, o);
        var y = g.Conv(input, w, b, new ConvOptions(group, [2, 2], pads), "stem.conv");
        y = g.HardSwish(y, "stem.act");
        y = g.GlobalAveragePool(y, "pool");
        y = g.Flatten(y, name: "flatten");
        var fcW = g.Initializer("classifier.weight", fcWeight, classes, o);
        var fcB = g.Initializer("classifier.bias", fcBias, classes);
        g.Output(g.Gemm(y, fcW, fcB, transB: true, name: "classifier"), "logits");
        return new Block(g.ToBytes(), x, expected);
    }

    [Fact]
    public void OrtMatchesNaiveReferenceWithinOneInTenThousand()
    {
        var block = Build(seed: 42);
        using var session = SessionFactory.Create(block.Model);
        var logits = session.Run(TestData.Feed("image", block.Input))["logits"];
        TestData.AssertClose(block.Expected, logits, relative: 1e-4);
    }

    [Fact]
    public void ResultIsTheSameWithoutGraphOptimizationsAndWithTwoThreads()
    {
        var block = Build(seed: 3);
        using var session = SessionFactory.Create(block.Model, new SessionSettings(2, 1, GraphOptimizationLevel.DisableAll));
        var logits = session.Run(TestData.Feed("image", block.Input))["logits"];
        TestData.AssertClose(block.Expected, logits, relative: 1e-4);
    }
}
