using NasLab.Torch;
using NasLab.Torch.Nn;

namespace NasLab.Torch.Tests;

public class ModuleTests
{
    private sealed class Block : Module<Tensor, Tensor>
    {
        public readonly Conv2d Conv;
        public readonly BatchNorm2d Bn;
        public readonly Linear Fc;

        public Block()
        {
            Conv = RegisterModule("conv", new Conv2d(3, 8, 3, bias: false));
            Bn = RegisterModule("bn", new BatchNorm2d(8));
            Fc = RegisterModule("fc", new Linear(8, 10));
        }

        public override Tensor Forward(Tensor x) =>
            Fc.Forward(Functional.GlobalAvgPool2d(Bn.Forward(Conv.Forward(x)).Relu()).Flatten(1));
    }

    [Fact]
    public void CountsAndNamesParametersLikePyTorch()
    {
        using var m = new Block();
        // conv 8*3*3*3 = 216, bn 8 + 8 (running stats excluded), fc 8*10 + 10 = 90
        Assert.Equal(216 + 16 + 90, m.ParameterCount());
        Assert.Equal(new[] { "conv.weight", "bn.weight", "bn.bias", "fc.weight", "fc.bias" }, m.NamedParameters().Select(p => p.Name));
        Assert.Equal(new[] { "bn.running_mean", "bn.running_var" }, m.NamedBuffers().Select(b => b.Name));
        Assert.All(m.Parameters(), p => Assert.True(p.RequiresGrad));
        using var dw = new Conv2d(32, 32, 3, groups: 32, bias: false);
        Assert.Equal(32 * 9, dw.ParameterCount());
        using var rect = new Conv2d(4, 4, (1, 7), (1, 1), bias: false);
        Assert.Equal(new long[] { 0, 3 }, rect.Padding);
    }

    [Fact]
    public void DefaultInitialisationBoundsFollowPyTorch()
    {
        using var fc = new Linear(100, 50);
        var bound = 1 / Math.Sqrt(100);
        var w = fc.Weight.ToArray<float>();
        Assert.All(w, v => Assert.InRange(v, -bound, bound));
        Assert.True(w.Max() > 0.9 * bound && w.Min() < -0.9 * bound);
    }

    [Fact]
    public void BatchNormUsesBatchStatsInTrainingAndRunningStatsInEval()
    {
        using var scope = DisposeScope.Begin();
        using var bn = new BatchNorm2d(1, momentum: 0.5);
        var x = Tensor.From(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 1, 2, 2); // mean 4.5, var 6 (unbiased), 5.25 (biased)
        var y = bn.Forward(x).ToArray<float>();
        Assert.Equal((1 - 4.5) / Math.Sqrt(5.25 + 1e-5), y[0], 4);
        Assert.Equal(0.5 * 4.5, bn.RunningMean.ToArray<float>()[0], 5);
        Assert.Equal(0.5 * 1 + 0.5 * 6.0, bn.RunningVar.ToArray<float>()[0], 5);
        bn.Eval();
        var z = bn.Forward(x).ToArray<float>();
        Assert.Equal((1 - 2.25) / Math.Sqrt(3.5 + 1e-5), z[0], 4);
    }

    [Fact]
    public void StateFileRoundTripsAndRejectsMismatches()
    {
        using var scope = DisposeScope.Begin();
        var path = Path.Combine(Path.GetTempPath(), $"naslab-state-{Guid.NewGuid():N}.bin");
        try
        {
            using var a = new Block();
            using (Autograd.NoGrad()) a.Bn.RunningMean.Copy_(Tensor.From(Enumerable.Range(0, 8).Select(i => (float)i).ToArray()));
            a.Save(path);
            using var b = new Block();
            b.Load(path);
            foreach (var ((na, ta), (nb, tb)) in a.StateEntries().Zip(b.StateEntries()))
            {
                Assert.Equal(na, nb);
                Assert.Equal(ta.ToArray<float>(), tb.ToArray<float>());
            }
            var input = Tensor.Randn([2, 3, 8, 8]);
            a.Eval(); b.Eval();
            Assert.Equal(a.Forward(input).ToArray<float>(), b.Forward(input).ToArray<float>());

            using var other = new Conv2d(3, 8, 3);
            var e = Assert.Throws<InvalidDataException>(() => other.Load(path));
            Assert.Contains("Missing: [weight, bias]", e.Message);
            Assert.Contains("unexpected: [conv.weight", e.Message);
            File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
            Assert.Throws<InvalidDataException>(() => b.Load(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void ChannelsLastModuleGivesTheSameOutput()
    {
        using var scope = DisposeScope.Begin();
        using var m = new Block();
        m.Eval();
        var x = Tensor.Randn([2, 3, 9, 9]);
        var expected = m.Forward(x).ToArray<float>();
        m.To(MemoryFormat.ChannelsLast);
        Assert.True(m.Conv.Weight.IsContiguous(MemoryFormat.ChannelsLast));
        var actual = m.Forward(x.Contiguous(MemoryFormat.ChannelsLast)).ToArray<float>();
        Assert.Equal(expected, actual, new FloatComparer(1e-5f));
    }

    [Fact]
    public void DropoutIsIdentityInEvalAndScalesInTraining()
    {
        using var scope = DisposeScope.Begin();
        var d = new Dropout(0.5);
        var x = Tensor.Ones([1000]);
        var y = d.Forward(x).ToArray<float>();
        Assert.All(y, v => Assert.True(v == 0 || v == 2));
        Assert.InRange(y.Count(v => v == 0), 400, 600);
        d.Eval();
        Assert.All(d.Forward(x).ToArray<float>(), v => Assert.Equal(1f, v));
    }
}
