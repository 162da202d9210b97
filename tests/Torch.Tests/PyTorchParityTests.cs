using NasLab.Torch;
using NasLab.Torch.Nn;
using NasLab.Torch.Optim;
using NasLab.Torch.Tests.Support;
using Xunit.Abstractions;

namespace NasLab.Torch.Tests;

/// <summary>
/// Same MBConv network, same initial weights, same batches as PyTorch (bench/parity/mbconv_parity.py):
/// logits, losses of 10 SGD steps and the final weights must agree to 1e-4.
/// </summary>
public class PyTorchParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(MemoryFormat.Contiguous)]
    [InlineData(MemoryFormat.ChannelsLast)]
    public void TenSgdStepsMatchPyTorch(MemoryFormat format)
    {
        var dir = Directory.CreateTempSubdirectory("naslab-parity-").FullName;
        try
        {
            output.WriteLine(PythonReference.Run("bench/parity/mbconv_parity.py", dir).Trim());
            var reference = StateFile.Read(Path.Combine(dir, "reference.nlstate")).ToDictionary(e => e.Name);
            var batches = StateFile.Read(Path.Combine(dir, "batches.nlstate")).ToDictionary(e => e.Name);

            using var scope = DisposeScope.Begin();
            TorchRuntime.NumThreads = 1;
            using var net = new ParityMbConvNet();
            net.Load(Path.Combine(dir, "init.nlstate"));
            net.To(format);
            using var opt = new Sgd(net.Parameters(), 0.05, momentum: 0.9, weightDecay: 4e-5, nesterov: true);
            var xs = Load(batches["x"]);
            var ys = Load(batches["y"]);
            var expectedLosses = Floats(reference["losses"]);
            for (int step = 0; step < 10; step++)
            {
                using var stepScope = DisposeScope.Begin();
                opt.ZeroGrad();
                var x = xs.Select(0, step).Contiguous(format);
                var logits = net.Forward(x);
                if (step == 0) AssertClose(Floats(reference["first_logits"]), logits.ToArray<float>(), "first logits");
                var loss = Functional.CrossEntropy(logits, ys.Select(0, step), labelSmoothing: 0.1);
                Assert.True(Math.Abs(loss.Item() - expectedLosses[step]) < 1e-4, $"step {step}: loss {loss.Item():F6} vs PyTorch {expectedLosses[step]:F6}");
                loss.Backward();
                opt.Step();
            }
            net.Eval();
            using (Autograd.NoGrad())
                AssertClose(Floats(reference["eval_logits"]), net.Forward(xs.Select(0, 0).Contiguous(format)).ToArray<float>(), "eval logits");
            foreach (var (name, t) in net.StateEntries())
                AssertClose(Floats(reference["final." + name]), t.ToArray<float>(), "final " + name);
            output.WriteLine($"{format}: losses, logits and all {net.StateEntries().Count()} state tensors match PyTorch to 1e-4");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static Tensor Load((string Name, DType DType, long[] Shape, byte[] Data) e)
    {
        var t = Tensor.Empty(e.Shape, e.DType);
        t.CopyBytesFrom(e.Data);
        return t;
    }

    private static double[] Floats((string Name, DType DType, long[] Shape, byte[] Data) e)
    {
        using var t = Load(e).DetachFromDisposeScope();
        using var d = t.To(DType.Float64).DetachFromDisposeScope();
        return d.ToArray<double>();
    }

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}]: NasLab {actual[i]:G8} vs PyTorch {expected[i]:G8}");
    }
}
