using NasLab.Evaluator.Training;

namespace NasLab.Evaluator.Tests;

/// <summary>
/// 2,000 training steps of a real builder network through <see cref="TrainingSession"/> (loader thread, batch
/// tensors, forward, backward, SGD step), reporting the process's RSS every 100 steps.
/// </summary>
public static class MemoryProbe
{
    public const string Mode = "memory-steps";
    private const int BatchSize = 32, BatchesPerEpoch = 10;
    public const int Steps = 2000, Every = 100;

    /// <summary>RSS in KiB after every 100th step (steps 100, 200, ..., 2,000).</summary>
    public static IReadOnlyList<long> Run()
    {
        // Random images and labels: what is learned does not matter here, only that every step does the full work.
        var random = new Random(5);
        var labels = Enumerable.Range(0, BatchSize * BatchesPerEpoch).Select(i => i % 10).ToArray();
        var data = DataFiles.InMemory(labels, 3, 32, 32, 10, (_, _, _, _) => (byte)random.Next(256), DatasetPartition.Train);
        var indices = Enumerable.Range(0, data.Count).ToArray();
        var recipe = new TrainingRecipe { Epochs = Steps / BatchesPerEpoch, BatchSize = BatchSize, LearningRate = 0.01, Threads = 1, Seed = 1 };
        var normalization = InputPipeline.Normalization(data, indices);
        using var loader = InputPipeline.ForTraining(data, indices, normalization, 32, recipe);
        EngineSettings.Prepare(recipe);
        using var session = new TrainingSession(TestNetworks.Tiny(), recipe, loader.BatchesPerEpoch);

        var rss = new List<long>();
        for (int epoch = 0; epoch < recipe.Epochs; epoch++)
        {
            var outcome = session.TrainEpoch(loader, epoch, static () => false, CancellationToken.None);
            if (!outcome.Complete) throw new InvalidOperationException($"epoch {epoch} stopped: {outcome.Stop} {outcome.FailureReason}");
            if (session.Step % Every == 0) rss.Add(RssKiB());
        }
        if (session.Step != Steps) throw new InvalidOperationException($"ran {session.Step} steps, expected {Steps}");
        return rss;
    }

    private static long RssKiB()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }
}
