using Microsoft.ML.OnnxRuntime;
using NasLab.LatencyOracle.Export;
using NasLab.LatencyOracle.Runtime;
using NasLab.LatencyOracle.Tests.Reference;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Validation;

namespace NasLab.LatencyOracle.Tests.Export;

public class ExportErrorTests
{
    private sealed record UnknownArchitecture : NetworkArchitecture;

    [Fact]
    public void UnknownArchitectureTypeIsRejectedByName()
    {
        var error = Assert.ThrowsAny<Exception>(() => OnnxExporter.Export(new UnknownArchitecture { Name = "x" }));
        Assert.Contains(nameof(UnknownArchitecture), error.Message);
    }

    [Fact]
    public void InvalidDescriptionIsRejectedBeforeExport()
    {
        var net = (BlockNetwork)ArchitectureSamples.Zoo("mobilenet-v2", 64);
        var broken = net with { Stages = ValueList.From(net.Stages.Select((s, i) => i == 2 ? s with { OutChannels = 0 } : s)) };
        Assert.Throws<ArchitectureException>(() => OnnxExporter.Export(broken));
    }

    [Fact]
    public void WeightsOfAnotherArchitectureAreAClearError()
    {
        var small = ArchitectureSamples.Zoo("mobilenet-v1-0.25", 32);
        var other = ArchitectureSamples.Zoo("mobilenet-v1-0.5", 32);
        using var module = NetworkBuilder.Build(small);
        var error = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(other, module));
        Assert.Contains("different architecture", error.Message);
        Assert.Contains("stem.conv.weight", error.Message);
    }

    [Fact]
    public void BadExportOptionsAreRejected()
    {
        var net = ArchitectureSamples.Zoo("mobilenet-v1-0.5-cifar", 32);
        Assert.Throws<ArgumentException>(() => OnnxExporter.Export(net, options: new ExportOptions("x", "x")));
        Assert.Throws<ArgumentException>(() => OnnxExporter.Export(net, options: new ExportOptions(BatchSize: 0)));
    }

    [Fact]
    public void WrongInputShapeInOrtIsAClearError()
    {
        var net = ArchitectureSamples.Zoo("mobilenet-v1-0.5-cifar", 32);
        using var session = SessionFactory.Create(OnnxExporter.Export(net));
        var wrong = TestData.Tensor(new Random(1), 1, 3, 48, 48);
        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(TestData.Feed("input", wrong)));
        OrtErrors.AssertCode("InvalidArgument", error);
        Assert.Contains("input", error.Message);
    }
}
