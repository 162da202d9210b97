using System.Text.Json;

namespace NasLab.Controller.State;

/// <summary>
/// The JSON part of a <see cref="StrategyState"/>, wrapped in an envelope naming the strategy and format
/// version so loading one strategy's state into another fails with a clear message instead of
/// silently mis-parsing.
/// </summary>
internal static class StrategyStateJson
{
    public const int FormatVersion = 2; // 2: state values with blobs (1 was the directory of files)

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, IncludeFields = false };

    private sealed record Envelope<T>(string Strategy, int Format, T State);

    public static string Write<T>(string strategy, T state) =>
        JsonSerializer.Serialize(new Envelope<T>(strategy, FormatVersion, state), Options);

    public static T Read<T>(string json, string strategy)
    {
        var envelope = JsonSerializer.Deserialize<Envelope<T>>(json, Options)
            ?? throw new InvalidDataException("Saved strategy state: empty JSON.");
        if (envelope.Strategy != strategy)
            throw new InvalidDataException($"Saved strategy state was saved by strategy '{envelope.Strategy}', cannot load it into '{strategy}'.");
        if (envelope.Format != FormatVersion)
            throw new InvalidDataException($"Saved strategy state format {envelope.Format} is not supported (expected {FormatVersion}).");
        return envelope.State;
    }
}
