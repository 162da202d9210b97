using NasLab.Evaluator.Training;

namespace NasLab.Evaluator.Tests.Training;

/// <summary>Bad options fail fast with a message naming the field and the allowed values (no training involved).</summary>
public class TrainingOptionsTests
{
    private static ImageDataset Synthetic(int count = 400, DatasetPartition partition = DatasetPartition.Train)
    {
        var labels = Enumerable.Range(0, count).Select(i => i % 10).ToArray();
        var pixels = new byte[count * 3 * 8 * 8];
        new Random(1).NextBytes(pixels);
        return new ImageDataset(pixels, labels, 3, 8, 8, 10, null, "synthetic", partition);
    }

    [Theory]
    [InlineData("Epochs", "must be >= 1")]
    [InlineData("BatchSize", "must be >= 1")]
    [InlineData("LearningRate", "must be a finite number > 0")]
    [InlineData("Momentum", "must be in [0, 1)")]
    [InlineData("LabelSmoothing", "must be in [0, 1)")]
    [InlineData("WarmupEpochs", "must be in [0, 5)")]
    public void Recipe_fields_out_of_range_are_named(string field, string allowed)
    {
        var recipe = field switch
        {
            "Epochs" => new TrainingRecipe { Epochs = 0 },
            "BatchSize" => new TrainingRecipe { BatchSize = 0 },
            "LearningRate" => new TrainingRecipe { LearningRate = double.NaN },
            "Momentum" => new TrainingRecipe { Momentum = 1.5 },
            "LabelSmoothing" => new TrainingRecipe { LabelSmoothing = -0.1 },
            _ => new TrainingRecipe { WarmupEpochs = 5 },
        };
        var e = Assert.ThrowsAny<ArgumentException>(() => new ProxyTrainingOptions { Recipe = recipe }.Validate());
        Assert.Contains($"ProxyTrainingOptions.Recipe.{field} {allowed}", e.Message);
    }

    [Theory]
    [InlineData("tpu", "allowed: cpu, cuda, cuda:N")]
    [InlineData("cuda", "needs CUDA")]
    public void Recipe_device_is_checked_with_a_clear_message(string device, string expected)
    {
        if (device == "cuda" && TorchSharp.torch.cuda.is_available()) return; // valid on a CUDA host
        var e = Assert.Throws<ArgumentException>(() => new TrainingRecipe { Device = device }.Validate());
        Assert.Contains("TrainingRecipe.Device", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Unsupported_memory_format_lists_the_allowed_ones()
    {
        // An undefined value, e.g. from a cast or a newer config: refused with the supported layouts listed.
        var e = Assert.Throws<ArgumentException>(() => new TrainingRecipe { MemoryFormat = (MemoryFormat)2 }.Validate());
        Assert.Contains("TrainingRecipe.MemoryFormat must be one of Contiguous, ChannelsLast, got 2", e.Message);
    }

    [Fact]
    public void Nesterov_without_momentum_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainingRecipe { Momentum = 0, Nesterov = true }.Validate());
        Assert.Contains("Nesterov", e.Message);
    }

    [Fact]
    public void Proxy_knobs_out_of_range_are_named()
    {
        Assert.Contains("ProxyTrainingOptions.WidthMultiplier", Assert.ThrowsAny<ArgumentException>(() => new ProxyTrainingOptions { WidthMultiplier = 0 }.Validate()).Message);
        Assert.Contains("ProxyTrainingOptions.InputResolution must be >= 8", Assert.ThrowsAny<ArgumentException>(() => new ProxyTrainingOptions { InputResolution = 4 }.Validate()).Message);
        Assert.Contains("ProxyTrainingOptions.TimeLimit", Assert.ThrowsAny<ArgumentException>(() => new ProxyTrainingOptions { TimeLimit = TimeSpan.Zero }.Validate()).Message);
        Assert.Contains("ProxyTrainingOptions.ValidationSize", Assert.ThrowsAny<ArgumentException>(() => new ProxyTrainingOptions { ValidationSize = 0 }.Validate()).Message);
    }

    [Fact]
    public void Training_subset_larger_than_the_training_part_names_the_maximum()
    {
        var options = new ProxyTrainingOptions { ValidationSize = 100, TrainingSubsetSize = 350, Recipe = new TrainingRecipe { BatchSize = 32 } };
        var e = Assert.ThrowsAny<ArgumentException>(() => new ProxyTrainer(Synthetic(), options));
        Assert.Contains("TrainingSubsetSize must be between 32 and 300", e.Message);
    }

    [Fact]
    public void Proxy_trainer_refuses_the_test_files()
    {
        var options = new ProxyTrainingOptions { ValidationSize = 100, Recipe = new TrainingRecipe { BatchSize = 32 } };
        Assert.Throws<InvalidOperationException>(() => new ProxyTrainer(Synthetic(partition: DatasetPartition.Test), options));
    }

    [Fact]
    public void Full_trainer_refuses_swapped_partitions()
    {
        var options = new FullTrainingOptions { Recipe = new TrainingRecipe { BatchSize = 32 } };
        Assert.Throws<ArgumentException>(() => new FullTrainer(Synthetic(partition: DatasetPartition.Test), Synthetic(partition: DatasetPartition.Test), options));
        Assert.Throws<ArgumentException>(() => new FullTrainer(Synthetic(), Synthetic(partition: DatasetPartition.Train), options));
    }

    [Fact]
    public void Classifier_size_must_match_the_dataset()
    {
        var options = new ProxyTrainingOptions { ValidationSize = 100, Recipe = new TrainingRecipe { BatchSize = 32 } };
        var trainer = new ProxyTrainer(Synthetic(), options);
        var e = Assert.Throws<ArgumentException>(() => trainer.Train(TestNetworks.Tiny() with { NumClasses = 100 }));
        Assert.Contains("NumClasses = 100", e.Message);
        Assert.Contains("10 classes", e.Message);
    }

    [Fact]
    public void Invalid_proxy_architecture_is_a_failed_trial_not_an_exception()
    {
        var options = new ProxyTrainingOptions { ValidationSize = 100, InputResolution = 8, Recipe = new TrainingRecipe { BatchSize = 32 } };
        var broken = TestNetworks.Tiny() with { Stem = TestNetworks.Tiny().Stem with { Kernel = 4 } };
        var result = new ProxyTrainer(Synthetic(), options).Train(broken);
        Assert.Equal(TrainingOutcome.Failed, result.Status);
        Assert.StartsWith("invalid proxy architecture", result.FailureReason);
    }
}
