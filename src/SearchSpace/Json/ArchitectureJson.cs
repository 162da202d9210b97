using System.Text.Json;
using System.Text.Json.Serialization;
using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Json;

/// <summary>JSON form of architectures: camelCase properties, enums as strings, a "kind" discriminator.</summary>
public static class ArchitectureJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static string Serialize(NetworkArchitecture net) => JsonSerializer.Serialize(net, Options);

    public static NetworkArchitecture Deserialize(string json) =>
        JsonSerializer.Deserialize<NetworkArchitecture>(json, Options)
        ?? throw new JsonException("The JSON document is null; expected an architecture object.");

    public static T Deserialize<T>(string json) where T : NetworkArchitecture =>
        Deserialize(json) as T ?? throw new JsonException($"The JSON document is not a {typeof(T).Name}.");
}
