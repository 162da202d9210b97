using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.Evaluator.Tests.WeightSharing;

/// <summary>What a supernet is compared against: torch's own SGD on a stand-alone network, and its outputs.</summary>
internal static class Reference
{
    /// <summary>
    /// torch.optim.SGD with the supernet's rule: momentum 0.9, no dampening, L2 decay 4e-5 on weights of rank 2 and
    /// up only, learning rate 0.05.
    /// </summary>
    public static optim.Optimizer Sgd(nn.Module module)
    {
        var decayed = module.parameters().Where(p => p.dim() >= 2).ToList();
        var notDecayed = module.parameters().Where(p => p.dim() < 2).ToList();
        return torch.optim.SGD(new[]
        {
            new SGD.ParamGroup(decayed, 0.05, 0.9, dampening: 0, weight_decay: 4e-5, nesterov: false, maximize: false),
            new SGD.ParamGroup(notDecayed, 0.05, 0.9, dampening: 0, weight_decay: 0, nesterov: false, maximize: false),
        }, 0.05);
    }

    /// <summary>Both in eval mode compute the same logits for <paramref name="images"/> (to float rounding).</summary>
    public static void AssertSameOutputs(nn.Module<Tensor, Tensor> actual, nn.Module<Tensor, Tensor> expected, Tensor images, string name)
    {
        actual.eval();
        expected.eval();
        var want = expected.call(images);
        var got = actual.call(images);
        Assert.True(allclose(got, want, rtol: 1e-5, atol: 1e-6), $"{name}: max difference {(got - want).abs().max().item<float>()}");
    }

    /// <summary>A tensor of the shared bank equals the parameter torch's optimizer moved.</summary>
    public static void AssertClose(Tensor shared, Tensor parameter, string name) =>
        Assert.True(allclose(shared, parameter, rtol: 1e-4, atol: 1e-6), $"{name}: max difference {(shared - parameter).abs().max().item<float>()}");
}
