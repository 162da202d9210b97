using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;

namespace NasLab.SearchSpace.Cost;

/// <summary>
/// Analytic parameter / MAC / activation cost of an architecture, computed from its description alone.
/// Conventions: conv and linear weights + biases, BN gamma + beta (never running stats); MACs of convs and
/// linear layers (SE 1x1s included) for one image; BN, activations, pools and element-wise ops are free.
/// </summary>
public static class CostModel
{
    public static CostReport Compute(NetworkArchitecture net)
    {
        Validation.ArchitectureValidator.Validate(net);
        return net switch
        {
            BlockNetwork b => BlockNetworkCost.Compute(b),
            CellNetwork c => CellNetworkCost.Compute(c),
            _ => throw new ArgumentException($"Unknown architecture type {net.GetType().Name}."),
        };
    }

    /// <summary>MACs of one conv layer, for quick what-if checks (e.g. standard vs separable conv).</summary>
    public static long ConvMacs(int cin, int cout, int kernel, int outH, int outW, int groups = 1) =>
        (long)cout * (cin / groups) * kernel * kernel * outH * outW;
}
