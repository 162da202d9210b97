using System.Text.Json;
using NasLab.SearchSpace.Json;
using NasLab.SearchSpace.Spaces;

namespace NasLab.SearchSpace.Tests;

/// <summary>Space options are plain data so a config file can set every base and choice list.</summary>
public class SpaceOptionsJsonTests
{
    [Fact]
    public void FactorizedOptionsRoundTripThroughJsonToTheSameSpace()
    {
        var json = JsonSerializer.Serialize(RecoveryOptions.MixNetS, ArchitectureJson.Options);
        var back = JsonSerializer.Deserialize<FactorizedSpaceOptions>(json, ArchitectureJson.Options)!;
        var a = new FactorizedHierarchicalSpace(RecoveryOptions.MixNetS);
        var b = new FactorizedHierarchicalSpace(back);
        Assert.Equal(a.Schema.Decisions, b.Schema.Decisions, (x, y) => x.Name == y.Name && x.Choices.SequenceEqual(y.Choices));
        var d = a.Encode(Zoo.MixNets.S());
        Assert.Equal(a.Decode(d), b.Decode(d));
    }

    [Fact]
    public void ConfigCanOverrideChoiceListsByName()
    {
        const string json = """{ "convOps": ["sep", "mbconv"], "kernels": [[3], [5], [7]], "skipOps": ["identity"], "repeatOffsets": [0] }""";
        var options = JsonSerializer.Deserialize<FactorizedSpaceOptions>(json, ArchitectureJson.Options)!;
        var space = new FactorizedHierarchicalSpace(options);
        Assert.Equal(["op", "kernel", "se", "filters", "expansion"], space.Schema.Kinds);
        Assert.Equal(["3", "5", "7"], space.Schema[1].Choices);
    }
}
