using System.Text.Json;
using System.Text.Json.Serialization;

namespace NasLab.Evaluator.Training;

/// <summary>JSON form of training results and checkpoints: camelCase, enums as strings, indented.</summary>
public static class TrainingJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // Non-finite losses are recorded as they were (a diverged curve), so allow NaN / Infinity literals.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"The JSON document is null; expected a {typeof(T).Name}.");
}
