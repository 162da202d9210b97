using NasLab.LatencyOracle.Runtime;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.Torch;
using NasLab.Torch.Nn;

namespace NasLab.LatencyOracle.Tests.Reference;

/// <summary>
/// The engine side of the exporter's equivalence tests: a built module with non-trivial weights
/// (random BN affine, random biases, running statistics from a few training-mode passes) and its
/// eval-mode output.
/// </summary>
internal static class EngineReference
{
    /// <summary>Builds <paramref name="net"/> and gives every state entry a value an exporter could get wrong.</summary>
    public static Module<Tensor, Tensor> BuildWithNonTrivialState(NetworkArchitecture net, int seed, int trainingPasses = 3)
    {
        TorchRuntime.ManualSeed((ulong)seed);
        var module = NetworkBuilder.Build(net);
        var random = new Random(seed);
        using (var scope = DisposeScope.Begin())
        using (Autograd.NoGrad())
        {
            foreach (var m in module.Modules())
            {
                if (m is BatchNorm2d bn)
                {
                    Fill(bn.Weight, random, 0.5, 1.5);
                    Fill(bn.Bias, random, -0.2, 0.2);
                }
            }
            foreach (var (name, p) in module.NamedParameters())
                if (name.EndsWith(".bias", StringComparison.Ordinal) && !IsBatchNorm(module, name))
                    Fill(p, random, -0.1, 0.1);

            // Training-mode passes move the running statistics away from 0 / 1.
            module.Train();
            for (var i = 0; i < trainingPasses; i++)
                module.Forward(Tensor.Randn([2, 3, net.InputResolution, net.InputResolution]));
        }
        module.Eval();
        return module;
    }

    /// <summary>Eval-mode logits of <paramref name="module"/> for <paramref name="input"/> (NCHW).</summary>
    public static FloatTensor Forward(Module<Tensor, Tensor> module, FloatTensor input)
    {
        using var scope = DisposeScope.Begin();
        using var noGrad = Autograd.NoGrad();
        module.Eval();
        var y = module.Forward(Tensor.From(input.Data, input.Shape.ToArray()));
        return new FloatTensor(y.ToArray<float>(), y.Shape);
    }

    private static bool IsBatchNorm(Module root, string parameterName)
    {
        var path = parameterName.Split('.')[..^1];
        Module current = root;
        foreach (var part in path)
            current = current.NamedChildren().First(c => c.Name == part).Module;
        return current is BatchNorm2d;
    }

    private static void Fill(Tensor t, Random random, double low, double high) =>
        t.CopyFrom<float>(TestData.Uniform(random, (int)t.NumElements, low, high));
}
