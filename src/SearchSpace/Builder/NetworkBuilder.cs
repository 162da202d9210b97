using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.SearchSpace.Builder;

/// <summary>
/// Builds the trainable module of an architecture. The module's layers are exactly the cost model's
/// (same names, shapes and order), so its parameter count equals <see cref="Cost.CostModel"/>'s.
/// </summary>
public static class NetworkBuilder
{
    public static nn.Module<Tensor, Tensor> Build(NetworkArchitecture net)
    {
        Validation.ArchitectureValidator.Validate(net);
        TorchEngine.EnsureInitialized();
        nn.Module<Tensor, Tensor> module = net switch
        {
            BlockNetwork b => new BlockNetworkModule(b),
            CellNetwork c => new CellNetworkModule(c),
            _ => throw new ArgumentException($"Unknown architecture type {net.GetType().Name}."),
        };
        InitializeWeights(module);
        return module;
    }

    /// <summary>
    /// The MobileNet / EfficientNet reference initialisation: He-normal (fan-out, ReLU gain) convs,
    /// BN gamma 1 and beta 0 (TorchSharp's defaults), classifier weights U(+-1/sqrt(out)) with zero bias.
    /// </summary>
    public static void InitializeWeights(nn.Module module)
    {
        using var scope = torch.NewDisposeScope(); // init functions may return fresh handles to the same tensors
        using var noGrad = torch.no_grad();
        var all = module.modules().Prepend(module).ToList(); // TorchSharp's modules() leaves out the root
        foreach (var m in all)
        {
            switch (m)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    if (conv.bias is not null) nn.init.zeros_(conv.bias);
                    break;
                case Linear fc:
                    InitClassifier(fc.weight, fc.bias, fc.out_features);
                    break;
            }
        }
        // A 1x1-conv classifier (Keras MobileNetV1) is a linear layer too: He init would give it
        // logits far from uniform and a first-epoch loss twice ln(classes).
        foreach (var head in all.OfType<HeadModule>())
            if (head.Classifier is Conv2d classifier) InitClassifier(classifier.weight, classifier.bias, classifier.out_channels);
    }

    private static void InitClassifier(Tensor weight, Tensor? bias, long outFeatures)
    {
        var bound = 1.0 / Math.Sqrt(outFeatures);
        nn.init.uniform_(weight, -bound, bound);
        if (bias is not null) nn.init.zeros_(bias);
    }
}
