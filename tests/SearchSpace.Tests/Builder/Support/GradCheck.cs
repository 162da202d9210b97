using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.SearchSpace.Tests.Builder.Support;

/// <summary>
/// Compares autograd gradients with central finite differences, in float64, for every element of
/// every leaf tensor (module parameters and inputs; kept small so this stays fast). It checks our
/// compositions of TorchSharp ops (splits, shifts, gates, shortcuts), not TorchSharp's kernels.
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Converts <paramref name="module"/> to float64 with random parameters from <paramref name="seed"/>,
    /// then checks d(sum(forward(inputs) * u))/d(inputs and parameters) for a fixed random u.
    /// </summary>
    public static void AssertModuleGradients(nn.Module module, long[][] inputShapes, Func<Tensor[], Tensor> forward, int seed)
    {
        module.to(ScalarType.Float64);
        using var g = new Generator((ulong)seed);
        var leaves = new List<(string Name, Tensor Tensor)>();
        using (torch.no_grad())
            foreach (var (name, p) in module.named_parameters())
            {
                using var r = torch.randn(p.shape, ScalarType.Float64, generator: g);
                p.copy_(r);
                leaves.Add((name, p));
            }
        var inputs = inputShapes.Select((s, i) => torch.randn(s, ScalarType.Float64, generator: g).requires_grad_(true)).ToArray();
        leaves.InsertRange(0, inputs.Select((x, i) => ($"input {i}", x)));
        Tensor up;
        using (torch.no_grad())
        using (var probe = forward(inputs))
            up = torch.randn(probe.shape, ScalarType.Float64, generator: g);
        try
        {
            AssertGradientsMatch(() => (forward(inputs) * up).sum(), leaves);
        }
        finally
        {
            up.Dispose();
            foreach (var x in inputs) x.Dispose();
        }
    }

    /// <summary>Checks the gradient of the scalar <paramref name="loss"/> with respect to every leaf.</summary>
    public static void AssertGradientsMatch(Func<Tensor> loss, IReadOnlyList<(string Name, Tensor Tensor)> leaves,
        double eps = 1e-6, double tolerance = 1e-5)
    {
        foreach (var (name, t) in leaves)
        {
            Assert.True(t.dtype == ScalarType.Float64, $"{name} is {t.dtype}, finite differences need float64");
            t.grad?.zero_();
        }
        using (var scope = torch.NewDisposeScope())
            loss().backward();

        foreach (var (name, t) in leaves)
        {
            var analytic = t.grad?.data<double>().ToArray() ?? throw new Xunit.Sdk.XunitException($"{name} received no gradient");
            var values = t.data<double>().ToArray();
            for (long j = 0; j < values.Length; j++)
            {
                var numeric = (Eval(t, j, values[j] + eps) - Eval(t, j, values[j] - eps)) / (2 * eps);
                Set(t, j, values[j]);
                var err = Math.Abs(numeric - analytic[j]);
                Assert.True(err <= tolerance * Math.Max(1.0, Math.Abs(numeric)),
                    $"{name} element {j}: autograd {analytic[j]:G10} vs finite difference {numeric:G10} (error {err:G3})");
            }
        }

        double Eval(Tensor t, long j, double value)
        {
            Set(t, j, value);
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            return loss().item<double>();
        }

        static void Set(Tensor t, long j, double value)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            t.view(-1)[j].fill_(value);
        }
    }
}
