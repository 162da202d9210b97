using System.Diagnostics;
using NasLab.Torch;
using NasLab.Torch.Optim;
using NasLab.Torch.Tests.Support;
using Xunit.Abstractions;

namespace NasLab.Torch.Tests;

public class TrainingTests(ITestOutputHelper output)
{
    [Fact]
    public void SmallConvNetLearnsRealImagesInFiveEpochs()
    {
        var data = RealImages.Load();
        output.WriteLine($"[data] {data.Source}: {data.TrainCount} train, {data.TestCount} test images");
        Console.WriteLine($"[data] TrainingTests uses {data.Source}");
        TorchRuntime.ManualSeed(0);
        TorchRuntime.NumThreads = Environment.ProcessorCount;
        using var net = new SmallConvNet(data.Channels, 10);
        net.To(MemoryFormat.ChannelsLast);
        const int epochs = 5, batch = 64;
        int stepsPerEpoch = data.TrainCount / batch;
        using var opt = new Sgd(net.Parameters(), 0.05, momentum: 0.9, weightDecay: 5e-4, nesterov: true);
        var schedule = new CosineSchedule(0.05, epochs * stepsPerEpoch, WarmupSteps: stepsPerEpoch / 2);
        var rng = new Random(0);
        int pixels = data.Channels * data.Size * data.Size;
        var xb = new float[batch * pixels];
        var yb = new long[batch];
        long step = 0;
        var sw = Stopwatch.StartNew();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            var order = Enumerable.Range(0, data.TrainCount).OrderBy(_ => rng.Next()).ToArray();
            net.Train();
            for (int b = 0; b < stepsPerEpoch; b++)
            {
                for (int i = 0; i < batch; i++)
                {
                    int src = order[b * batch + i];
                    bool flip = rng.Next(2) == 1;
                    CopyImage(data.TrainX, src, xb, i, data.Channels, data.Size, flip);
                    yb[i] = data.TrainY[src];
                }
                using var scope = DisposeScope.Begin();
                var x = Tensor.From(xb, batch, data.Channels, data.Size, data.Size).Contiguous(MemoryFormat.ChannelsLast);
                schedule.Apply(opt, step++);
                opt.ZeroGrad();
                var loss = Functional.CrossEntropy(net.Forward(x), Tensor.From(yb));
                loss.Backward();
                opt.Step();
            }
        }
        var accuracy = Evaluate(net, data);
        output.WriteLine($"test accuracy after {epochs} epochs: {accuracy:P1} ({sw.Elapsed.TotalSeconds:F1} s)");
        Assert.True(accuracy > 0.35, $"test accuracy {accuracy:P1} is not above 35% ({data.Source})");
    }

    private static void CopyImage(float[] src, int index, float[] dst, int slot, int channels, int size, bool flip)
    {
        int plane = size * size;
        for (int c = 0; c < channels; c++)
        for (int r = 0; r < size; r++)
        {
            int s = index * channels * plane + c * plane + r * size;
            int d = slot * channels * plane + c * plane + r * size;
            for (int col = 0; col < size; col++) dst[d + col] = src[s + (flip ? size - 1 - col : col)] - 0.5f;
        }
    }

    private static double Evaluate(SmallConvNet net, RealImages data)
    {
        net.Eval();
        using var noGrad = Autograd.NoGrad();
        int correct = 0;
        int pixels = data.Channels * data.Size * data.Size;
        for (int start = 0; start < data.TestCount; start += 256)
        {
            int n = Math.Min(256, data.TestCount - start);
            using var scope = DisposeScope.Begin();
            var xb = new float[n * pixels];
            for (int i = 0; i < n; i++) CopyImage(data.TestX, start + i, xb, i, data.Channels, data.Size, false);
            var pred = net.Forward(Tensor.From(xb, n, data.Channels, data.Size, data.Size)).ArgMax(1).ToArray<long>();
            for (int i = 0; i < n; i++) if (pred[i] == data.TestY[start + i]) correct++;
        }
        return correct / (double)data.TestCount;
    }
}
