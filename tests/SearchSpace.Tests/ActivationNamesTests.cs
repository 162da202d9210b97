using System.Text.Json;
using System.Text.Json.Serialization;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Spaces;

namespace NasLab.SearchSpace.Tests;

/// <summary>Every place that spells an activation (JSON, architecture strings, choice lists) uses the one table.</summary>
public class ActivationNamesTests
{
    [Fact]
    public void EachActivationHasOneSpellingEverywhere()
    {
        var expected = new Dictionary<Activation, string>
        {
            [Activation.ReLU] = "relu", [Activation.ReLU6] = "relu6", [Activation.Swish] = "swish",
            [Activation.HardSwish] = "hswish", [Activation.None] = "linear",
        };
        Assert.Equal(Enum.GetValues<Activation>().Order(), expected.Keys.Order());
        // The architecture JSON's spelling comes from the enum's member names.
        var json = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter() } };
        foreach (var (activation, name) in expected)
        {
            Assert.Equal(name, ActivationNames.NameOf(activation));
            Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(activation, json));
            Assert.Equal(activation, JsonSerializer.Deserialize<Activation>($"\"{name}\"", json));
        }
        // A space chooses among the nonlinearities only; linear is the fixed projection after a bottleneck.
        Assert.Equal(["relu", "relu6", "swish", "hswish"], ChoiceNames.Activations.Keys);
        Assert.Equal(expected.Where(e => e.Key != Activation.None).Select(e => e.Key), ChoiceNames.Activations.Values);
    }
}
