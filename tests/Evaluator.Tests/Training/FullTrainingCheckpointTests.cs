using NasLab.Evaluator.Training;
using NasLab.Evaluator.Training.Checkpoints;
using Xunit.Abstractions;

namespace NasLab.Evaluator.Tests.Training;

/// <summary>Full training on a small real slice: checkpoints every epoch, and a resumed run equals an uninterrupted one.</summary>
[Collection(TrainingCollection.Name)]
public class FullTrainingCheckpointTests(ITestOutputHelper output)
{
    private static FullTrainingOptions Options(string? directory) => new()
    {
        CheckpointDirectory = directory,
        Recipe = new TrainingRecipe { Epochs = 2, BatchSize = 64, LearningRate = 0.05, WarmupEpochs = 0.5, Seed = 3 },
    };

    private (ImageDataset Train, ImageDataset Test)? Slices()
    {
        if (RealData.Cifar10SubsetDirectory is not { } dir) { output.WriteLine(RealData.CifarMissing); return null; }
        var train = DataSlices.First(RealData.Cifar10SubsetTrain!, 512, DatasetPartition.Train);
        var test = DataSlices.First(DatasetCatalog.Open("cifar10", dir).LoadTest(), 256, DatasetPartition.Test);
        output.WriteLine($"Data used: {train}; {test}");
        return (train, test);
    }

    [Fact]
    public void Checkpoint_is_written_every_epoch_and_resume_continues_from_the_saved_epoch()
    {
        if (Slices() is not var (train, test)) return;
        using var temp = new TempDirectory();
        var net = TestNetworks.Tiny();

        var uninterrupted = new FullTrainer(train, test, Options(temp.File("straight"))).Train(net);

        // Stop after the first epoch, as a killed or cancelled run would.
        var firstHalf = new FullTrainer(train, test, Options(temp.File("split")) with { StopAfterEpochs = 1 }).Train(net);
        var store = new CheckpointStore(temp.File("split"));
        var checkpoint = store.TryLoad();
        Assert.NotNull(checkpoint);
        Assert.Equal(1, checkpoint.CompletedEpochs);
        Assert.Equal(net, checkpoint.Architecture);
        Assert.True(File.Exists(store.PathOf(checkpoint.ModelFile)) && File.Exists(store.PathOf(checkpoint.OptimizerFile)));
        Assert.Equal(1, firstHalf.EpochsCompleted);
        Assert.Null(firstHalf.TestAccuracy);

        var resumed = new FullTrainer(train, test, Options(temp.File("split"))).Train(net);
        output.WriteLine($"uninterrupted: test acc {uninterrupted.TestAccuracy:P2} loss {uninterrupted.TestLoss:R}; " +
                         $"resumed from epoch {resumed.ResumedFromEpoch}: test acc {resumed.TestAccuracy:P2} loss {resumed.TestLoss:R}");

        Assert.Equal(TrainingOutcome.Completed, resumed.Status);
        Assert.Equal(1, resumed.ResumedFromEpoch);
        Assert.Equal(2, resumed.EpochsCompleted);
        Assert.Equal(2, resumed.Curve.Count);
        // Epoch 0 was restored from the checkpoint, not retrained (its timing is the first call's)...
        Assert.Equal(firstHalf.Curve[0], resumed.Curve[0]);
        // ...and it continued exactly where the first call stopped: same weights, momentum, schedule position and batches.
        Assert.Equal(uninterrupted.Curve.Select(e => e.TrainLoss), resumed.Curve.Select(e => e.TrainLoss));
        Assert.Equal(uninterrupted.TestLoss, resumed.TestLoss);
        Assert.Equal(uninterrupted.TestAccuracy, resumed.TestAccuracy);
        Assert.Equal(2, store.TryLoad()!.CompletedEpochs);
        // Only the latest epoch's files are kept.
        Assert.Equal(3, Directory.GetFiles(store.Directory).Length);
    }

    [Fact]
    public void Resuming_with_another_architecture_is_refused()
    {
        if (Slices() is not var (train, test)) return;
        using var temp = new TempDirectory();
        new FullTrainer(train, test, Options(temp.Path) with { StopAfterEpochs = 1 }).Train(TestNetworks.Tiny());
        var e = Assert.Throws<InvalidOperationException>(() => new FullTrainer(train, test, Options(temp.Path)).Train(TestNetworks.Crippled()));
        Assert.Contains("is for architecture 'tiny-mobilenet-v2'", e.Message);
    }
}
