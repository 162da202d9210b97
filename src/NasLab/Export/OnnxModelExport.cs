using NasLab.Cli.Commands;
using NasLab.LatencyOracle.Export;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.Torch;

namespace NasLab.Cli.Export;

/// <summary>ONNX bytes of an architecture: with trained weights from an NLSTATE file, or deterministic stand-in weights.</summary>
public static class OnnxModelExport
{
    /// <param name="net">The architecture to export.</param>
    /// <param name="weightsPath">NLSTATE file saved from the builder's module (naslab train); null = <see cref="RandomWeights"/>.</param>
    /// <exception cref="UserErrorException">The weight file is missing or does not fit the architecture.</exception>
    public static byte[] Export(NetworkArchitecture net, string? weightsPath)
    {
        if (weightsPath is null) return OnnxExporter.Export(net, new RandomWeights());
        if (!File.Exists(weightsPath)) throw new UserErrorException($"--weights: file '{weightsPath}' does not exist");
        using var scope = DisposeScope.Begin();
        using var module = NetworkBuilder.Build(net);
        try
        {
            module.Load(weightsPath);
        }
        catch (InvalidDataException e)
        {
            throw new UserErrorException($"--weights: {e.Message}");
        }
        return OnnxExporter.Export(net, module);
    }
}
