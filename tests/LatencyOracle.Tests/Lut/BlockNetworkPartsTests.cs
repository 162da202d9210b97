using NasLab.LatencyOracle.Export;
using NasLab.LatencyOracle.Lut;
using NasLab.LatencyOracle.Runtime;
using NasLab.LatencyOracle.Tests.Reference;
using NasLab.SearchSpace.Architecture;

namespace NasLab.LatencyOracle.Tests.Lut;

public class BlockNetworkPartsTests
{
    /// <summary>Running the part models one after another computes exactly the whole exported network.</summary>
    [Theory]
    [InlineData("mobilenet-v3-large")]
    [InlineData("mixnet-s")]
    public void PartsChainedEqualTheWholeNetwork(string name)
    {
        var net = (BlockNetwork)ArchitectureSamples.Zoo(name, 32);
        var x = TestData.Tensor(new Random(3), 1, 3, 32, 32);
        using var whole = SessionFactory.Create(OnnxExporter.Export(net, new RandomWeights()));
        var expected = whole.Run(TestData.Feed("input", x))["logits"];

        var parts = BlockNetworkParts.Of(net);
        Assert.Equal(2 + net.Stages.Sum(s => s.Repeats), parts.Count);
        var y = x;
        foreach (var part in parts)
        {
            using var session = SessionFactory.Create(part.Export());
            y = session.Run(TestData.Feed("input", y))["output"];
        }
        TestData.AssertClose(expected, y, relative: 1e-5);
    }

    [Fact]
    public void IdenticalRepeatsShareAKeyAndDistinctComputationsDoNot()
    {
        var net = (BlockNetwork)ArchitectureSamples.Zoo("mobilenet-v2", 224);
        var keys = BlockNetworkParts.Of(net).Select(p => p.Key).ToList();
        // MobileNetV2 stage 3 (4 x 64 channels): repeats 1..3 are the same computation.
        var stage3 = BlockNetworkParts.Of(net).Where(p => p.LayerPrefix.StartsWith("stages.3.", StringComparison.Ordinal)).Select(p => p.Key).ToList();
        Assert.Equal(4, stage3.Count);
        Assert.Single(stage3.Skip(1).Distinct());
        Assert.NotEqual(stage3[0], stage3[1]);
        Assert.True(keys.Distinct().Count() < keys.Count);

        var b = net.Stages[3];
        var key = BlockNetworkParts.BlockKey(b, 64, 1, 14);
        Assert.NotEqual(key, BlockNetworkParts.BlockKey(b, 64, 1, 28));
        Assert.NotEqual(key, BlockNetworkParts.BlockKey(b, 64, 2, 14));
        Assert.NotEqual(key, BlockNetworkParts.BlockKey(b with { SeRatio = 0.25 }, 64, 1, 14));
        Assert.NotEqual(key, BlockNetworkParts.BlockKey(b with { Kernels = [5] }, 64, 1, 14));
        Assert.NotEqual(key, BlockNetworkParts.BlockKey(b with { Activation = Activation.HardSwish }, 64, 1, 14));
        Assert.NotEqual(key, BlockNetworkParts.BlockKey(b with { Skip = SkipOp.Pool }, 64, 1, 14));
        // An identity skip that cannot apply (channels change) computes what no skip computes.
        Assert.Equal(BlockNetworkParts.BlockKey(b, 32, 1, 14), BlockNetworkParts.BlockKey(b with { Skip = SkipOp.None }, 32, 1, 14));
    }
}
