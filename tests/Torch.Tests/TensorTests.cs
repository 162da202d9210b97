using NasLab.Torch;

namespace NasLab.Torch.Tests;

public class TensorTests
{
    [Fact]
    public void RoundTripsDataShapeAndDtype()
    {
        using var t = Tensor.From(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.Equal(new long[] { 2, 3 }, t.Shape);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal(Device.Cpu, t.Device);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.ToArray<float>());
        using var l = Tensor.From(new long[] { 7, -8 });
        Assert.Equal(DType.Int64, l.DType);
        Assert.Equal(new long[] { 7, -8 }, l.ToArray<long>());
        using var b = Tensor.From(new byte[] { 0, 255 });
        Assert.Equal(new byte[] { 0, 255 }, b.ToArray<byte>());
        using var m = Tensor.From(new bool[] { true, false });
        Assert.Equal(DType.Bool, m.DType);
        Assert.Equal(new[] { true, false }, m.ToArray<bool>());
    }

    [Fact]
    public void ArithmeticMatchesHandComputedValues()
    {
        using var scope = DisposeScope.Begin();
        var a = Tensor.From(new float[] { 1, -2, 3, -4 }, 2, 2);
        var b = Tensor.From(new float[] { 10, 20 }, 2);
        Assert.Equal(new float[] { 11, 18, 13, 16 }, (a + b).ToArray<float>()); // broadcasting over rows
        Assert.Equal(new float[] { 3, -3, 7, -7 }, (a * 2 + 1).ToArray<float>());
        Assert.Equal(new float[] { 0, 3, -2, 5 }, (1 - a).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 3, 0 }, a.Relu().ToArray<float>());
        Assert.Equal(-2f, a.Sum().ItemSingle());
        Assert.Equal(new float[] { 4, -6 }, a.Sum([0]).ToArray<float>());
        Assert.Equal(new long[] { 0, 0 }, a.ArgMax(1).ToArray<long>());
        // matmul [[1,-2],[3,-4]] x [[1],[1]] = [[-1],[-1]]
        Assert.Equal(new float[] { -1, -1 }, a.MatMul(Tensor.Ones([2, 1])).ToArray<float>());
    }

    [Fact]
    public void ActivationsMatchTheirDefinitions()
    {
        using var scope = DisposeScope.Begin();
        var xs = new float[] { -4, -3, -1, 0, 0.5f, 2, 3, 7 };
        var x = Tensor.From(xs);
        static float Sig(float v) => 1f / (1f + MathF.Exp(-v));
        Assert.Equal(xs.Select(v => Math.Clamp(v, 0f, 6f)), x.Relu6().ToArray<float>());
        Assert.Equal(xs.Select(v => v * Math.Clamp(v + 3, 0f, 6f) / 6f), x.HardSwish().ToArray<float>(), new FloatComparer(1e-6f));
        Assert.Equal(xs.Select(v => Math.Clamp(v + 3, 0f, 6f) / 6f), x.HardSigmoid().ToArray<float>(), new FloatComparer(1e-6f));
        Assert.Equal(xs.Select(v => v * Sig(v)), x.Silu().ToArray<float>(), new FloatComparer(1e-6f));
        Assert.Equal(xs.Select(MathF.Tanh), x.Tanh().ToArray<float>(), new FloatComparer(1e-6f));
        var sm = x.Softmax(0).ToArray<float>();
        var denom = xs.Sum(v => MathF.Exp(v));
        Assert.Equal(xs.Select(v => MathF.Exp(v) / denom), sm, new FloatComparer(1e-6f));
    }

    [Fact]
    public void ViewsSplitAndCat()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Arange(0, 12, dtype: DType.Float32).Reshape(1, 6, 2); // channels 0..5
        var parts = x.Split([3, 2, 1], 1);
        Assert.Equal(new long[] { 1, 3, 2 }, parts[0].Shape);
        Assert.Equal(new float[] { 10, 11 }, parts[2].ToArray<float>());
        var back = Tensor.Cat(parts, 1);
        Assert.Equal(x.ToArray<float>(), back.ToArray<float>());
        Assert.Equal(new float[] { 4, 5, 6, 7 }, x.Narrow(1, 2, 2).ToArray<float>());
        Assert.Equal(new long[] { 2, 6, 1 }, x.Permute(2, 1, 0).Shape);
        Assert.Equal(new long[] { 1, 12 }, x.Flatten(1).Shape);
    }

    [Fact]
    public void ChannelsLastKeepsLogicalValues()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Randn([2, 3, 4, 5]);
        var cl = x.Contiguous(MemoryFormat.ChannelsLast);
        Assert.True(cl.IsContiguous(MemoryFormat.ChannelsLast));
        Assert.False(cl.IsContiguous());
        Assert.Equal(x.ToArray<float>(), cl.ToArray<float>());
    }

    [Fact]
    public void PoolingAndPaddingMatchHandComputedValues()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.From(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, 1, 1, 4, 4);
        Assert.Equal(new float[] { 3.5f, 5.5f, 11.5f, 13.5f }, Functional.AvgPool2d(x, 2).ToArray<float>());
        Assert.Equal(new float[] { 6, 8, 14, 16 }, Functional.MaxPool2d(x, 2).ToArray<float>());
        Assert.Equal(8.5f, Functional.GlobalAvgPool2d(x).ItemSingle());
        // 3x3 average with padding 1 at the corner: (1+2+5+6)/9 counting the padding, /4 without it.
        Assert.Equal(14f / 9, Functional.AvgPool2d(x, 3, 1, 1).ToArray<float>()[0], 5);
        Assert.Equal(14f / 4, Functional.AvgPool2d(x, 3, 1, 1, countIncludePad: false).ToArray<float>()[0], 5);
        var padded = Functional.Pad(x, [1, 0, 0, 1]); // left 1, bottom 1
        Assert.Equal(new long[] { 1, 1, 5, 5 }, padded.Shape);
        Assert.Equal(0f, padded.ToArray<float>()[0]);
        Assert.Equal(1f, padded.ToArray<float>()[1]);
    }

    [Fact]
    public void ConvolutionMatchesANaiveLoop()
    {
        using var scope = DisposeScope.Begin();
        using var g = new Generator(3);
        var x = Tensor.Randn([1, 4, 5, 5], generator: g);
        var w = Tensor.Randn([6, 2, 3, 3], generator: g);   // groups = 2
        var b = Tensor.Randn([6], generator: g);
        var y = Functional.Conv2d(x, w, b, stride: 2, padding: 1, groups: 2);
        Assert.Equal(new long[] { 1, 6, 3, 3 }, y.Shape);
        var xs = x.ToArray<float>(); var ws = w.ToArray<float>(); var bs = b.ToArray<float>(); var ys = y.ToArray<float>();
        for (int o = 0; o < 6; o++)
        for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
        {
            double acc = bs[o];
            int group = o / 3;
            for (int c = 0; c < 2; c++)
            for (int ki = 0; ki < 3; ki++)
            for (int kj = 0; kj < 3; kj++)
            {
                int r = i * 2 - 1 + ki, s = j * 2 - 1 + kj;
                if (r < 0 || r >= 5 || s < 0 || s >= 5) continue;
                acc += xs[(group * 2 + c) * 25 + r * 5 + s] * ws[((o * 2 + c) * 3 + ki) * 3 + kj];
            }
            Assert.Equal(acc, ys[(o * 3 + i) * 3 + j], 4);
        }
    }

    [Fact]
    public void CrossEntropyWithLabelSmoothingMatchesTheFormula()
    {
        using var scope = DisposeScope.Begin();
        var logits = new float[] { 2, 0, -1, 0.5f, 0.5f, 3 };
        var target = new long[] { 0, 2 };
        const double eps = 0.1;
        double expected = 0;
        for (int n = 0; n < 2; n++)
        {
            var row = logits.Skip(n * 3).Take(3).Select(v => (double)v).ToArray();
            var lse = Math.Log(row.Sum(Math.Exp));
            var logp = row.Select(v => v - lse).ToArray();
            expected += -(1 - eps) * logp[target[n]] - eps / 3 * logp.Sum();
        }
        expected /= 2;
        var loss = Functional.CrossEntropy(Tensor.From(logits, 2, 3), Tensor.From(target), labelSmoothing: eps);
        Assert.Equal(expected, loss.Item(), 5);
    }

    [Fact]
    public void GeneratorStateRestoresTheSameSamples()
    {
        using var scope = DisposeScope.Begin();
        using var g = new Generator(42);
        var probs = Tensor.From(new float[] { 0.1f, 0.2f, 0.3f, 0.4f });
        Functional.Multinomial(probs, 1, generator: g);
        var state = g.GetState();
        var first = Enumerable.Range(0, 20).Select(_ => Functional.Multinomial(probs, 1, generator: g).ToArray<long>()[0]).ToArray();
        g.SetState(state);
        var again = Enumerable.Range(0, 20).Select(_ => Functional.Multinomial(probs, 1, generator: g).ToArray<long>()[0]).ToArray();
        Assert.Equal(first, again);
        Assert.True(first.Distinct().Count() > 1);
        using var g2 = new Generator(42);
        using var h = new Generator(42);
        Assert.Equal(Tensor.Randn([5], generator: g2).ToArray<float>(), Tensor.Randn([5], generator: h).ToArray<float>());
    }

    [Fact]
    public void MultinomialFollowsTheProbabilities()
    {
        using var scope = DisposeScope.Begin();
        using var g = new Generator(7);
        var probs = Tensor.From(new float[] { 0.7f, 0.2f, 0.1f });
        var draws = Functional.Multinomial(probs, 6000, replacement: true, generator: g).ToArray<long>();
        var freq = Enumerable.Range(0, 3).Select(k => draws.Count(d => d == k) / 6000.0).ToArray();
        Assert.InRange(freq[0], 0.67, 0.73);
        Assert.InRange(freq[1], 0.17, 0.23);
        Assert.InRange(freq[2], 0.08, 0.12);
    }

    [Fact]
    public void RuntimeReportsVersionAndThreads()
    {
        Assert.Matches(@"^\d+\.\d+", TorchRuntime.Version);
        var before = TorchRuntime.NumThreads;
        TorchRuntime.NumThreads = 1;
        Assert.Equal(1, TorchRuntime.NumThreads);
        TorchRuntime.NumThreads = before;
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchRuntime.NumThreads = 0);
    }
}

internal sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance * Math.Max(1, Math.Abs(a));
    public int GetHashCode(float v) => 0;
}
