using NasLab.Evaluator.Training;
using Xunit.Abstractions;

namespace NasLab.Evaluator.Tests.Training;

/// <summary>
/// On the real CIFAR-10 subset (5085 training-file images: 1000 held out for validation, 4085 trained on), a real
/// child within a 3-minute proxy budget reaches a useful accuracy and beats a deliberately crippled network under
/// the same budget, i.e. proxy scores rank architectures.
/// </summary>
[Collection(TrainingCollection.Name)]
public class CifarProxyRankingTests(ITestOutputHelper output)
{
    private static readonly ProxyTrainingOptions Budget = new()
    {
        ValidationSize = 1000,
        // The budget is epochs. The time limit only stops a hung run: at 180 s a heavily shared machine cut the
        // 6 epochs short (3 m 10 s in a loaded suite run, 1 m 26 s alone) and the accuracy with them.
        TimeLimit = TimeSpan.FromSeconds(900),
        ValidateEveryEpoch = false,
        Recipe = new TrainingRecipe { Epochs = 6, BatchSize = 64, LearningRate = 0.1, WarmupEpochs = 0.3, LabelSmoothing = 0.1, Seed = 1 },
    };

    [Fact]
    public void MobileNetV2_half_reaches_35_percent_in_the_proxy_budget_and_beats_a_crippled_network()
    {
        var train = RealData.Cifar10SubsetTrain;
        if (train is null) { output.WriteLine(RealData.CifarMissing); return; }
        var trainer = new ProxyTrainer(train, Budget);

        var mobile = trainer.Train(TestNetworks.MobileNetV2Cifar(0.5));
        // Same budget (epochs, recipe, images). One libtorch thread: on this shared 2-core machine a 490-parameter
        // network runs ~50x slower on 2 threads (OpenMP barriers wait for descheduled threads), ~13,000 vs ~250 images/s
        // measured; the thread count changes only speed.
        var crippled = new ProxyTrainer(train, Budget with { Recipe = Budget.Recipe with { Threads = 1 } }).Train(TestNetworks.Crippled());

        output.WriteLine($"Data used: {mobile.Data}");
        foreach (var r in new[] { mobile, crippled })
        {
            output.WriteLine($"{r.Architecture}: {r.Status} {r.FailureReason}, val acc {r.ValidationAccuracy:P2}, val loss {r.ValidationLoss:F3}, " +
                             $"{r.Params:N0} params, {r.Macs / 1e6:F1} M MACs, {r.Curve.Count} epochs{(r.TimeLimitReached ? " (time limit reached)" : "")}, " +
                             $"{r.ImagesPerSecond:F0} images/s, wall {r.WallTimeSeconds:F1} s");
            foreach (var e in r.Curve)
                output.WriteLine($"    epoch {e.Epoch}: train loss {e.TrainLoss:F3}, train acc {e.TrainAccuracy:P1}, {e.Seconds:F1} s");
        }
        output.WriteLine($"load average {Load.Average}");

        Assert.Equal(TrainingOutcome.Completed, mobile.Status);
        Assert.Equal(TrainingOutcome.Completed, crippled.Status);
        Assert.Equal(1000, mobile.ValidationImages);
        Assert.True(mobile.ValidationAccuracy >= 0.35, $"MobileNetV2-0.5 reached only {mobile.ValidationAccuracy:P2}");
        Assert.True(mobile.ValidationAccuracy > crippled.ValidationAccuracy,
            $"the crippled network ({crippled.ValidationAccuracy:P2}) was not beaten by MobileNetV2-0.5 ({mobile.ValidationAccuracy:P2})");
    }
}
