using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Engine;
using NasLab.SearchSpace.Tests.Builder.Support;
using NasLab.SearchSpace.Text;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit.Abstractions;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NasLab.SearchSpace.Tests.Builder;

/// <summary>
/// The builder's MBConv network against an independent PyTorch implementation
/// (bench/parity/mbconv_parity.py): same initial weights, same batches, 10 SGD steps (momentum,
/// Nesterov, weight decay, label smoothing). Logits, losses, every final weight and running
/// statistic must agree to 1e-4, in NCHW and in channels-last.
/// </summary>
public class PyTorchParityTests(ITestOutputHelper output)
{
    /// <summary>The network the Python script rebuilds by hand (its docstring lists the same blocks).</summary>
    public static BlockNetwork Architecture => new()
    {
        Name = "parity-mbconv",
        NumClasses = 10,
        InputResolution = 32,
        Stem = new StemSpec { Kernel = 3, Stride = 2, Channels = 16, Activation = Activation.ReLU6 },
        Stages =
        [
            BlockString.Parse("ir_r1_k3_s2_e4_c24_se0.25_swish"),
            BlockString.Parse("ir_r1_k5_s1_e3_c24_hse0.25_hswish"),
            BlockString.Parse("ir_r1_k3.5_s1_e2_c32_poolskip_swish"),
        ],
        Head = new HeadSpec { ConvChannels = 64, ConvActivation = Activation.HardSwish },
    };

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void TenSgdStepsMatchPyTorch(bool channelsLast)
    {
        Skip.IfNot(PythonReference.HasTorch, PythonReference.MissingTorch);
        TorchEngine.EnsureInitialized();
        var dir = Directory.CreateTempSubdirectory("naslab-parity-").FullName;
        try
        {
            output.WriteLine(PythonReference.Run("bench/parity/mbconv_parity.py", dir).Trim());
            var reference = Safetensors.LoadStateDict(Path.Combine(dir, "reference.safetensors"));
            var batches = Safetensors.LoadStateDict(Path.Combine(dir, "batches.safetensors"));

            using var net = NetworkBuilder.Build(Architecture);
            net.load_safetensors(Path.Combine(dir, "init.safetensors"), strict: true);
            if (channelsLast) ChannelsLast.Apply(net);
            using var opt = torch.optim.SGD(net.parameters(), 0.05, momentum: 0.9, weight_decay: 4e-5, nesterov: true);
            var (xs, ys) = (batches["x"], batches["y"]);
            var expectedLosses = Doubles(reference["losses"]);
            net.train();
            for (int step = 0; step < 10; step++)
            {
                using var scope = torch.NewDisposeScope();
                opt.zero_grad();
                var x = xs.select(0, step);
                if (channelsLast) x = ChannelsLast.Of(x);
                var logits = net.call(x);
                if (step == 0) AssertClose(reference["first_logits"], logits, "first logits");
                var loss = F.cross_entropy(logits, ys.select(0, step), label_smoothing: 0.1);
                Assert.True(Math.Abs(loss.item<float>() - expectedLosses[step]) < 1e-4,
                    $"step {step}: loss {loss.item<float>():F6} vs PyTorch {expectedLosses[step]:F6}");
                loss.backward();
                opt.step();
            }
            net.eval();
            using (torch.no_grad())
            using (var x0 = channelsLast ? ChannelsLast.Of(xs.select(0, 0)) : xs.select(0, 0))
            using (var evalLogits = net.call(x0))
                AssertClose(reference["eval_logits"], evalLogits, "eval logits");

            if (channelsLast) // the run really was channels-last: every 4-D weight still has NHWC strides
                Assert.All(net.parameters().Where(p => p.dim() == 4), p => Assert.True(ChannelsLast.Is(p)));

            var state = net.state_dict();
            Assert.Equal(reference.Keys.Where(k => k.StartsWith("final.")).Select(k => k["final.".Length..]).Order(), state.Keys.Order());
            foreach (var (name, t) in state) AssertClose(reference["final." + name], t, "final " + name);
            output.WriteLine($"{(channelsLast ? "channels-last" : "NCHW")}: losses, logits and all {state.Count} state tensors match PyTorch to 1e-4");
            foreach (var t in reference.Values.Concat(batches.Values)) t.Dispose();
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static double[] Doubles(Tensor t)
    {
        using var d = t.to_type(ScalarType.Float64).contiguous();
        return d.data<double>().ToArray();
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        var (e, a) = (Doubles(expected), Doubles(actual));
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= 1e-4 * Math.Max(1, Math.Abs(e[i])),
                $"{what}[{i}]: NasLab {a[i]:G8} vs PyTorch {e[i]:G8}");
    }
}
