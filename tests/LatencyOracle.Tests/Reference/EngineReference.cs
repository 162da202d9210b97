using NasLab.LatencyOracle.Runtime;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.LatencyOracle.Tests.Reference;

/// <summary>
/// The engine side of the exporter's equivalence tests: a module built by the TorchSharp builder with
/// non-trivial weights (random BN affine, random biases, running statistics from a few training-mode
/// passes) and its eval-mode output.
/// </summary>
internal static class EngineReference
{
    /// <summary>Builds <paramref name="net"/> and gives every state entry a value an exporter could get wrong.</summary>
    public static nn.Module<Tensor, Tensor> BuildWithNonTrivialState(NetworkArchitecture net, int seed, int trainingPasses = 3)
    {
        TorchEngine.ManualSeed((ulong)seed);
        var module = NetworkBuilder.Build(net);
        var random = new Random(seed);
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var batchNorms = module.named_modules().Where(m => m.module is BatchNorm2d).ToList();
            foreach (var (_, bn) in batchNorms)
            {
                Fill(((BatchNorm2d)bn).weight!, random, 0.5, 1.5);
                Fill(((BatchNorm2d)bn).bias!, random, -0.2, 0.2);
            }
            var batchNormNames = batchNorms.Select(m => m.name).ToHashSet();
            foreach (var (name, p) in module.named_parameters())
                if (name.EndsWith(".bias", StringComparison.Ordinal) && !batchNormNames.Contains(name[..name.LastIndexOf('.')]))
                    Fill(p, random, -0.1, 0.1);

            // Training-mode passes move the running statistics away from 0 / 1.
            module.train();
            for (var i = 0; i < trainingPasses; i++)
                module.forward(randn(2, 3, net.InputResolution, net.InputResolution));
        }
        module.eval();
        return module;
    }

    /// <summary>Eval-mode logits of <paramref name="module"/> for <paramref name="input"/> (NCHW).</summary>
    public static FloatTensor Forward(nn.Module<Tensor, Tensor> module, FloatTensor input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        module.eval();
        var y = module.forward(tensor(input.Data, input.Shape.ToArray())).contiguous();
        return new FloatTensor(y.data<float>().ToArray(), y.shape);
    }

    private static void Fill(Tensor t, Random random, double low, double high) =>
        t.copy_(tensor(TestData.Uniform(random, (int)t.numel(), low, high)).reshape(t.shape));
}
