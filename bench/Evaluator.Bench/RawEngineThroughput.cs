using System.Diagnostics;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.Torch;
using NasLab.Torch.Optim;

namespace NasLab.Evaluator.Bench;

/// <summary>
/// The engine's ceiling: training steps of the same network, batch size and memory format on one random batch
/// already in tensor form, so no data loading, augmentation or host-to-tensor copies are timed.
/// </summary>
internal static class RawEngineThroughput
{
    public static double ImagesPerSecond(NetworkArchitecture net, int batchSize, int warmupSteps, int timedSteps)
    {
        TorchRuntime.NumThreads = Environment.ProcessorCount;
        TorchRuntime.ManualSeed(0);
        using var module = NetworkBuilder.Build(net);
        module.To(MemoryFormat.ChannelsLast);
        module.Train();
        using var optimizer = new Sgd(module.Parameters(), 0.05, momentum: 0.9, weightDecay: 4e-5, nesterov: true);
        int side = net.InputResolution;
        using var x = Tensor.Randn([batchSize, 3, side, side]).Contiguous(MemoryFormat.ChannelsLast);
        using var y = Tensor.From(Enumerable.Range(0, batchSize).Select(i => (long)(i % net.NumClasses)).ToArray(), batchSize);

        void Step()
        {
            using var scope = DisposeScope.Begin();
            optimizer.ZeroGrad();
            var loss = Functional.CrossEntropy(module.Forward(x), y, 0.1);
            loss.Item(); // the trainer reads every loss (divergence check); do the same work here
            loss.Backward();
            optimizer.Step();
        }

        for (int i = 0; i < warmupSteps; i++) Step();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < timedSteps; i++) Step();
        return (double)batchSize * timedSteps / clock.Elapsed.TotalSeconds;
    }
}
