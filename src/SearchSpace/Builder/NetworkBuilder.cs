using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;
using NasLab.Torch;
using NasLab.Torch.Nn;

namespace NasLab.SearchSpace.Builder;

/// <summary>
/// Builds the trainable module of an architecture. The module's layers are exactly the cost model's
/// (same names, shapes and order), so its parameter count equals <see cref="Cost.CostModel"/>'s.
/// </summary>
public static class NetworkBuilder
{
    public static Module<Tensor, Tensor> Build(NetworkArchitecture net)
    {
        Validation.ArchitectureValidator.Validate(net);
        Module<Tensor, Tensor> module = net switch
        {
            BlockNetwork b => new BlockNetworkModule(b),
            CellNetwork c => new CellNetworkModule(c),
            _ => throw new ArgumentException($"Unknown architecture type {net.GetType().Name}."),
        };
        InitializeWeights(module);
        return module;
    }

    /// <summary>
    /// The MobileNet / EfficientNet reference initialisation: He-normal (fan-out) convs, BN gamma 1
    /// and beta 0, classifier weights U(+-1/sqrt(out)) with zero bias.
    /// </summary>
    public static void InitializeWeights(Module module)
    {
        foreach (var m in module.Modules())
        {
            switch (m)
            {
                case Conv2d conv:
                    Init.KaimingNormal_(conv.Weight);
                    conv.Bias?.Zero_();
                    break;
                case Linear fc:
                    var bound = 1.0 / Math.Sqrt(fc.OutFeatures);
                    fc.Weight.Uniform_(-bound, bound);
                    fc.Bias?.Zero_();
                    break;
            }
        }
    }
}
