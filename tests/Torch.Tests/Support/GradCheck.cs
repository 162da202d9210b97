using NasLab.Torch;

namespace NasLab.Torch.Tests.Support;

/// <summary>
/// Compares autograd gradients with central finite differences, in float64, for every element of
/// every input (inputs are kept small so this stays fast).
/// </summary>
public static class GradCheck
{
    public static void AssertGradientsMatch(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double tolerance = 1e-5)
    {
        using var scope = DisposeScope.Begin();
        foreach (var x in inputs)
        {
            Assert.Equal(DType.Float64, x.DType);
            x.RequiresGrad = true;
            x.ZeroGrad();
        }
        var output = f(inputs);
        Assert.Equal(1, output.NumElements);
        output.Backward();

        for (int i = 0; i < inputs.Length; i++)
        {
            var analytic = inputs[i].Grad?.ToArray<double>() ?? throw new Xunit.Sdk.XunitException($"input {i} received no gradient");
            var values = inputs[i].ToArray<double>();
            var shape = inputs[i].Shape;
            for (int j = 0; j < values.Length; j++)
            {
                double Eval(double delta)
                {
                    using var inner = DisposeScope.Begin();
                    using var _ = Autograd.NoGrad();
                    var perturbed = (double[])values.Clone();
                    perturbed[j] += delta;
                    var args = (Tensor[])inputs.Clone();
                    args[i] = Tensor.From(perturbed, shape);
                    return f(args).Item();
                }
                var numeric = (Eval(eps) - Eval(-eps)) / (2 * eps);
                var err = Math.Abs(numeric - analytic[j]);
                var scale = Math.Max(1.0, Math.Abs(numeric));
                Assert.True(err <= tolerance * scale,
                    $"input {i} element {j}: autograd {analytic[j]:G10} vs finite difference {numeric:G10} (error {err:G3})");
            }
        }
    }

    public static Tensor Random(Generator g, params long[] shape) =>
        Tensor.Randn(shape, DType.Float64, g).DetachFromDisposeScope();
}
