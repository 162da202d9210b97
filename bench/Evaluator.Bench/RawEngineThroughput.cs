using System.Diagnostics;
using NasLab.Evaluator.Training;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Engine;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NasLab.Evaluator.Bench;

/// <summary>
/// The engine's ceiling: training steps of the same network, batch size, memory format and optimizer as proxy
/// training, on one random batch already in tensor form, so no data loading, augmentation or host-to-tensor copies
/// are timed.
/// </summary>
internal static class RawEngineThroughput
{
    public static double ImagesPerSecond(NetworkArchitecture net, TrainingRecipe recipe, int warmupSteps, int timedSteps)
    {
        TorchEngine.NumThreads = Environment.ProcessorCount;
        TorchEngine.ManualSeed(0);
        using var module = NetworkBuilder.Build(net);
        ChannelsLast.Apply(module);
        module.train();
        using var optimizer = SgdOptimizer.Create(module, recipe);
        int side = net.InputResolution, batchSize = recipe.BatchSize;
        using var random = torch.randn(batchSize, 3, side, side);
        using var x = ChannelsLast.Of(random);
        using var y = torch.tensor(Enumerable.Range(0, batchSize).Select(i => (long)(i % net.NumClasses)).ToArray());

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = F.cross_entropy(module.forward(x), y, label_smoothing: recipe.LabelSmoothing);
            loss.item<float>(); // the trainer reads every loss (divergence check); do the same work here
            loss.backward();
            optimizer.step();
        }

        for (int i = 0; i < warmupSteps; i++) Step();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < timedSteps; i++) Step();
        return (double)batchSize * timedSteps / clock.Elapsed.TotalSeconds;
    }
}
