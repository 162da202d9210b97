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
                    InitClassifier(fc.Weight, fc.Bias, fc.OutFeatures);
                    break;
            }
        }
        // A 1x1-conv classifier (Keras MobileNetV1) is a linear layer too: He init would give it
        // logits far from uniform and a first-epoch loss twice ln(classes).
        foreach (var head in module.Modules().OfType<HeadModule>())
            if (head.Classifier is Conv2d classifier) InitClassifier(classifier.Weight, classifier.Bias, classifier.OutChannels);
    }

    private static void InitClassifier(Tensor weight, Tensor? bias, long outFeatures)
    {
        var bound = 1.0 / Math.Sqrt(outFeatures);
        weight.Uniform_(-bound, bound);
        bias?.Zero_();
    }
}
