using NasLab.Search.Config;

namespace NasLab.Tests.Config;

/// <summary>Every YAML in experiments/ must parse; quickstart must stay small enough for its 10-minute promise.</summary>
public class ShippedExperimentsTests
{
    private static string ExperimentsDir => Path.Combine(AppContext.BaseDirectory, "experiments");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(ExperimentsDir, "*.yaml").Order()) data.Add(Path.GetFileName(f));
        return data;
    }

    [Fact]
    public void All_expected_examples_are_shipped()
    {
        var names = Directory.GetFiles(ExperimentsDir, "*.yaml").Select(Path.GetFileName).ToHashSet();
        foreach (var expected in new[] { "quickstart.yaml", "mnasnet-cifar10.yaml", "mixnet-cifar10.yaml", "nasnet-cifar10.yaml", "random-baseline.yaml", "weight-sharing-cifar10.yaml", "enas-weight-sharing-cifar10.yaml" })
        {
            Assert.Contains(expected, names);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Shipped_experiment_parses_and_is_named_after_its_file(string file)
    {
        var config = ExperimentConfigLoader.LoadFile(Path.Combine(ExperimentsDir, file));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), config.Name);
    }

    [Fact]
    public void Quickstart_is_tiny()
    {
        var c = ExperimentConfigLoader.LoadFile(Path.Combine(ExperimentsDir, "quickstart.yaml"));
        Assert.InRange(c.Budget.Trials!.Value, 6, 8);
        Assert.InRange(c.ProxyTraining.Epochs, 1, 2);
        Assert.Equal(2000, c.Dataset.TrainSubset);
        Assert.Equal(32, c.Dataset.Resolution);
        Assert.True(c.Budget.WallTime <= TimeSpan.FromMinutes(10));
        Assert.Contains(c.Strategy.Type, new[] { StrategyType.Random, StrategyType.Rl });
    }

    [Fact]
    public void Random_baseline_differs_from_the_mnasnet_search_only_in_strategy_and_name()
    {
        var rl = ExperimentConfigLoader.LoadFile(Path.Combine(ExperimentsDir, "mnasnet-cifar10.yaml"));
        var random = ExperimentConfigLoader.LoadFile(Path.Combine(ExperimentsDir, "random-baseline.yaml"));
        Assert.Equal(rl with { Name = random.Name, Strategy = random.Strategy }, random);
    }
}
