using NasLab.Cli.Commands;
using NasLab.LatencyOracle.Export;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using static TorchSharp.torch;

namespace NasLab.Cli.Export;

/// <summary>
/// ONNX bytes of an architecture: with trained weights from a TorchSharp weight file, or deterministic stand-in
/// weights. A model for deployment takes any batch size ("batch" is symbolic); the latency oracle exports its
/// own models with a fixed batch of one.
/// </summary>
public static class OnnxModelExport
{
    private static readonly ExportOptions Deployment = new(DynamicBatch: true);

    /// <param name="net">The architecture to export.</param>
    /// <param name="weightsPath">TorchSharp file (<c>module.save</c>) of the builder's module, as naslab train writes it; null = <see cref="RandomWeights"/>.</param>
    /// <exception cref="UserErrorException">The weight file is missing or does not fit the architecture.</exception>
    public static byte[] Export(NetworkArchitecture net, string? weightsPath)
    {
        if (weightsPath is null) return OnnxExporter.Export(net, new RandomWeights(), Deployment);
        if (!File.Exists(weightsPath)) throw new UserErrorException($"--weights: file '{weightsPath}' does not exist");
        // Lengths and shapes are checked first: TorchSharp would allocate whatever a damaged header claims.
        TorchSharpWeightFile.Check(weightsPath);
        using var scope = NewDisposeScope();
        using var module = NetworkBuilder.Build(net);
        try
        {
            module.load(weightsPath, strict: true);
        }
        // TorchSharp reports other names, counts, shapes or dtypes as ArgumentException; a short file as EndOfStreamException.
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            throw new UserErrorException($"--weights: the state in '{weightsPath}' does not match the module of this architecture ({e.Message})");
        }
        return OnnxExporter.Export(net, module, Deployment);
    }
}
