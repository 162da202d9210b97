using NasLab.SearchSpace.Architecture;

namespace NasLab.Evaluator.WeightSharing;

/// <summary>
/// Which shared tensor a parameter of a built network is. A parameter's name (<c>stages.3.1.dw.conv.weight</c>:
/// stage 3, its second layer, the depthwise conv) says where it sits; inside a stage the layer's op is added,
/// because a regular conv, a separable conv and an MBConv in the same place compute different things and keep
/// their own weights (ENAS's rule for candidate ops). So every architecture that puts an MBConv in stage 3's
/// second layer trains the same depthwise weights, whatever its kernel, expansion or filters.
/// </summary>
public static class SharedRoles
{
    public static string Of(BlockNetwork net, string parameterName)
    {
        const string Stages = "stages.";
        if (!parameterName.StartsWith(Stages, StringComparison.Ordinal)) return parameterName;
        var stage = int.Parse(parameterName.AsSpan(Stages.Length, parameterName.IndexOf('.', Stages.Length) - Stages.Length));
        return $"{net.Stages[stage].Op.ToString().ToLowerInvariant()}:{parameterName}";
    }
}
