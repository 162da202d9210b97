using NasLab.LatencyOracle.Export;
using NasLab.LatencyOracle.Graph;
using NasLab.LatencyOracle.Tests.Reference;
using NasLab.SearchSpace.Zoo;

namespace NasLab.LatencyOracle.Tests.Export;

/// <summary>The official onnx checker (full check, with strict shape inference) accepts exported architectures.</summary>
public sealed class ExportCheckerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("naslab-export-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [OnnxCheckerFact]
    public void ExportedZooAndRandomArchitecturesPassTheChecker()
    {
        var nets = new[]
        {
            ArchitectureSamples.Zoo("mobilenet-v3-large", 64),
            ArchitectureSamples.Zoo("mixnet-s", 64),
            ArchitectureSamples.Zoo("mobilenet-v1-0.5-cifar", 32),
            NasNets.Mobile() with { CellsPerStack = 1, Filters = 16, StemFilters = 16, InputResolution = 64 },
            ArchitectureSamples.Random("mnasnet", 5, 64),
        };
        foreach (var (net, i) in nets.Select((n, i) => (n, i)))
        {
            var path = Path.Combine(_directory, $"{i}-{net.Name}.onnx");
            File.WriteAllBytes(path, OnnxExporter.Export(net, options: new ExportOptions(DynamicBatch: i % 2 == 0)));
            var (exitCode, output) = PythonOnnxChecker.Check(path);
            Assert.True(exitCode == 0, $"onnx checker rejected {net.Name}: {output}");
            Assert.Contains($"ok opset {OnnxGraphBuilder.OpsetVersion}", output);
        }
    }
}
