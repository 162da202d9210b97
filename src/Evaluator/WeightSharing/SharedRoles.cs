using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Cells;
using static TorchSharp.torch;

namespace NasLab.Evaluator.WeightSharing;

/// <summary>
/// Which shared tensor a parameter of a built network is. A parameter's name (<c>stages.3.1.dw.conv.weight</c>:
/// stage 3, its second layer, the depthwise conv) says where it sits; inside a stage the layer's op is added,
/// because a regular conv, a separable conv and an MBConv in the same place compute different things and keep
/// their own weights (ENAS's rule for candidate ops). So every architecture that puts an MBConv in stage 3's
/// second layer trains the same depthwise weights, whatever its kernel, expansion or filters.
/// <para>
/// A stage's first layer and the head also carry the stage that feeds them, and its op. The space can drop a whole stage
/// (a one-layer block with one layer fewer): the next layer then reads another stage's features, of another
/// meaning, and sharing its weights across both cases stopped the supernet from learning at all (measured: 10%
/// on CIFAR-10 with only the layer counts sampled, against 28% with only the kernels sampled). Trailing layers
/// inside a stage read the stage's own features whatever the depth, so they are shared (OFA's elastic depth). Features
/// made by another op are other features too: keyed by the feeding op as well, the head learned with block 7's op
/// sampled (29% after 3 epochs, against 24% shared across ops).
/// </para>
/// </summary>
public static class SharedRoles
{
    /// <summary>
    /// The placement of every parameter (by name and shape) of <paramref name="module"/>, the network built for
    /// <paramref name="net"/>: this class's rule for block networks, <see cref="CellSharedRoles"/>'s for cell networks.
    /// </summary>
    public static Func<string, long[], SharedPlacement> For(NetworkArchitecture net, nn.Module module) => net switch
    {
        BlockNetwork b => (name, _) => new SharedPlacement(Of(b, name)),
        CellNetwork c => new CellSharedRoles(c, (CellNetworkModule)module).Of,
        _ => throw new ArgumentException($"no supernet for {net.GetType().Name}", nameof(net)),
    };

    public static string Of(BlockNetwork net, string parameterName)
    {
        const string Stages = "stages.", Head = "head.";
        if (parameterName.StartsWith(Head, StringComparison.Ordinal)) return $"{parameterName}|from:{Feeding(net, net.Stages.Count)}";
        if (!parameterName.StartsWith(Stages, StringComparison.Ordinal)) return parameterName;
        var rest = parameterName.AsSpan(Stages.Length);
        var stage = int.Parse(rest[..rest.IndexOf('.')]);
        var afterStage = rest[(rest.IndexOf('.') + 1)..];
        var layer = int.Parse(afterStage[..afterStage.IndexOf('.')]);
        var role = $"{net.Stages[stage].Op.ToString().ToLowerInvariant()}:{parameterName}";
        return layer == 0 ? $"{role}|from:{Feeding(net, stage)}" : role;
    }

    /// <summary>The last stage before <paramref name="stage"/> that has layers, with its op, or "stem".</summary>
    private static string Feeding(BlockNetwork net, int stage)
    {
        for (var i = stage - 1; i >= 0; i--)
            if (net.Stages[i].Repeats > 0) return $"{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{net.Stages[i].Op.ToString().ToLowerInvariant()}";
        return "stem";
    }
}
