using NasLab.SearchSpace.Json;
using NasLab.SearchSpace.Zoo;

namespace NasLab.SearchSpace.Tests;

public class JsonRoundTripTests
{
    [Theory]
    [MemberData(nameof(ZooFixtures.AllNames), MemberType = typeof(ZooFixtures))]
    public void EveryZooNetworkRoundTripsThroughJson(string name)
    {
        var net = ModelZoo.Get(name);
        var json = ArchitectureJson.Serialize(net);
        var back = ArchitectureJson.Deserialize(json);
        Assert.Equal(net, back);
        Assert.Equal(json, ArchitectureJson.Serialize(back));
    }

    [Fact]
    public void JsonIsReadableWithKindDiscriminatorAndEnumNames()
    {
        var json = ArchitectureJson.Serialize(ModelZoo.Get("mixnet-s"));
        Assert.Contains("\"kind\": \"blocks\"", json);
        Assert.Contains("\"op\": \"mbconv\"", json);
        Assert.Contains("\"kernels\": [", json);
        Assert.Contains("\"kind\": \"cells\"", ArchitectureJson.Serialize(ModelZoo.Get("nasnet-a-large")));
    }

    [Fact]
    public void UnknownEnumValueIsRejected()
    {
        var json = ArchitectureJson.Serialize(ModelZoo.Get("mobilenet-v2")).Replace("\"relu6\"", "\"gelu\"");
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => ArchitectureJson.Deserialize(json));
    }
}
