using NasLab.LatencyOracle.Graph;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Validation;
using TorchSharp;

namespace NasLab.LatencyOracle.Export;

/// <summary>
/// Writes an architecture as an ONNX inference model (opset <see cref="OnnxGraphBuilder.OpsetVersion"/>):
/// input float32 [N, 3, H, W] -> logits [N, classes], eval-mode semantics (BN folded into convs with
/// running statistics, dropout removed). The graph is produced from the DESCRIPTION, walked the way
/// the builder and the cost model walk it; weights are looked up by layer name.
/// </summary>
public static class OnnxExporter
{
    /// <summary>Exports with the weights of <paramref name="weights"/> (default: <see cref="RandomWeights"/>, for latency only).</summary>
    /// <exception cref="ArchitectureException">The description is invalid.</exception>
    /// <exception cref="ArgumentException">The weights do not fit the architecture.</exception>
    public static byte[] Export(NetworkArchitecture net, IWeightSource? weights = null, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(net);
        options = (options ?? ExportOptions.Default).Validated();
        ArchitectureValidator.Validate(net);
        var (g, emitter, x) = Begin(string.IsNullOrEmpty(net.Name) ? "naslab" : net.Name, weights ?? new RandomWeights(),
            3, net.InputResolution, options);
        var logits = net switch
        {
            BlockNetwork b => BlockNetworkGraph.Network(emitter, x, b),
            CellNetwork c => CellNetworkGraph.Network(emitter, x, c),
            _ => throw new NotSupportedException($"The ONNX exporter does not know architecture type {net.GetType().Name}; " +
                                                 "it exports BlockNetwork and CellNetwork."),
        };
        g.Output(logits, options.OutputName);
        return g.ToBytes();
    }

    /// <summary>Exports a TorchSharp module (e.g. trained) built by <c>NetworkBuilder.Build(net)</c>; it is read in eval semantics and left unchanged.</summary>
    public static byte[] Export(NetworkArchitecture net, torch.nn.Module module, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        return Export(net, new ModuleWeights(module), options);
    }

    /// <summary>A graph with one float32 input [N, channels, side, side] ready for layers.</summary>
    internal static (OnnxGraphBuilder Graph, LayerEmitter Emitter, OnnxValue Input) Begin(
        string graphName, IWeightSource weights, int channels, int side, ExportOptions options)
    {
        var g = new OnnxGraphBuilder(graphName);
        var x = g.Input(options.InputName, [options.BatchSize, channels, side, side], options.DynamicBatch);
        return (g, new LayerEmitter(g, weights), x);
    }
}
