using NasLab.LatencyOracle.Export;
using NasLab.LatencyOracle.Runtime;
using NasLab.LatencyOracle.Tests.Reference;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Engine;
using NasLab.SearchSpace.Zoo;

namespace NasLab.LatencyOracle.Tests.Export;

/// <summary>
/// The exporter and the engine check each other: the exported graph run in ORT must give the
/// engine's eval-mode logits for the same weights and input. Resolutions are reduced for speed.
/// </summary>
public class ExportEquivalenceTests
{
    public static TheoryData<string, int> ZooNetworks => new()
    {
        { "mobilenet-v2", 64 },
        { "mobilenet-v3-large", 64 },
        { "mnasnet-a1", 64 },
        { "mnasnet-b1", 64 },
        { "efficientnet-b0", 64 },
        { "mixnet-s", 64 },
        { "mixnet-m", 64 },
        { "mobilenet-v1-0.5-cifar", 32 },
        { "mobilenet-v1-0.25", 64 },
    };

    [Theory]
    [MemberData(nameof(ZooNetworks))]
    public void ZooNetworkMatchesTheEngine(string name, int resolution) =>
        AssertExportMatchesEngine(ArchitectureSamples.Zoo(name, resolution), seed: 1);

    [Fact]
    public void NasNetCifarMatchesTheEngine() =>
        AssertExportMatchesEngine(NasNets.Cifar() with { CellsPerStack = 1, Filters = 16, StemFilters = 24 }, seed: 2);

    /// <summary>ImageNet NASNet: unpadded stem, stem cells without h_(i-1), factorized reductions, skipped reduction input.</summary>
    [Fact]
    public void NasNetMobileMatchesTheEngine() =>
        AssertExportMatchesEngine(NasNets.Mobile() with { CellsPerStack = 1, Filters = 16, StemFilters = 16, InputResolution = 64 }, seed: 3);

    [Theory]
    [InlineData("mnasnet", 11)]
    [InlineData("mnasnet", 12)]
    [InlineData("mnasnet", 13)]
    [InlineData("mixnet", 21)]
    [InlineData("mixnet", 22)]
    [InlineData("mixnet", 23)]
    public void RandomSpaceMemberMatchesTheEngine(string space, int seed) =>
        AssertExportMatchesEngine(ArchitectureSamples.Random(space, seed, resolution: 48), seed);

    [Fact]
    public void DynamicBatchRunsAtAnyBatchSize()
    {
        var net = ArchitectureSamples.Zoo("mobilenet-v1-0.5-cifar", 32);
        using var module = EngineReference.BuildWithNonTrivialState(net, seed: 4);
        var model = OnnxExporter.Export(net, module, new ExportOptions(DynamicBatch: true));
        using var session = SessionFactory.Create(model);
        foreach (var batch in new[] { 1, 3 })
        {
            var x = TestData.Tensor(new Random(batch), batch, 3, 32, 32);
            AssertRelativelyClose(EngineReference.Forward(module, x), session.Run(TestData.Feed("input", x))["logits"], net.Name);
        }
    }

    /// <summary>A module converted for channels-last training keeps its NCHW meaning in the export.</summary>
    [Fact]
    public void ChannelsLastModuleExportsItsLogicalWeights()
    {
        var net = ArchitectureSamples.Zoo("mobilenet-v1-0.5-cifar", 32);
        using var module = EngineReference.BuildWithNonTrivialState(net, seed: 5);
        var x = TestData.Tensor(new Random(5), 1, 3, 32, 32);
        var expected = EngineReference.Forward(module, x);
        ChannelsLast.Apply(module);
        Assert.True(ChannelsLast.Is(module.named_parameters().First(p => p.name == "stem.conv.weight").parameter));

        using var session = SessionFactory.Create(OnnxExporter.Export(net, module));
        AssertRelativelyClose(expected, session.Run(TestData.Feed("input", x))["logits"], net.Name);
    }

    [Fact]
    public void NamesAndShapesFollowTheOptions()
    {
        var net = ArchitectureSamples.Zoo("mobilenet-v1-0.5-cifar", 32);
        var model = OnnxExporter.Export(net, options: new ExportOptions("image", "scores", BatchSize: 2));
        using var session = SessionFactory.Create(model);
        Assert.Equal("image", Assert.Single(session.InputNames));
        Assert.Equal([2, 3, 32, 32], session.InputMetadata["image"].Dimensions);
        Assert.Equal("scores", Assert.Single(session.OutputNames));
        Assert.Equal([2, 10], session.OutputMetadata["scores"].Dimensions);
    }

    /// <summary>Exports with the module's weights, runs both, and checks every state entry was used.</summary>
    internal static void AssertExportMatchesEngine(NetworkArchitecture net, int seed)
    {
        using var module = EngineReference.BuildWithNonTrivialState(net, seed);
        var weights = new ModuleWeights(module);
        var model = OnnxExporter.Export(net, weights, new ExportOptions(DynamicBatch: true));
        Assert.Empty(weights.UnusedNames);

        var x = TestData.Tensor(new Random(seed), 2, 3, net.InputResolution, net.InputResolution);
        var expected = EngineReference.Forward(module, x);
        using var session = SessionFactory.Create(model);
        var actual = session.Run(TestData.Feed("input", x))["logits"];
        AssertRelativelyClose(expected, actual, net.Name);
    }

    /// <summary>max |actual - expected| &lt;= 1e-4 * max |expected|: relative error of the logit vector.</summary>
    private static void AssertRelativelyClose(FloatTensor expected, FloatTensor actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var scale = expected.Data.Max(Math.Abs);
        Assert.True(scale > 0, $"{what}: the engine's logits are all zero, the comparison would be vacuous.");
        var error = expected.Data.Zip(actual.Data, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(error <= 1e-4 * scale, $"{what}: max |ORT - engine| = {error:E3}, {error / scale:E2} of max |logit| {scale:E3}.");
    }
}
