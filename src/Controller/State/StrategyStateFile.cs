using System.Text.Json;

namespace NasLab.Controller.State;

/// <summary>
/// Reads and writes <c>strategy.json</c>, the human-readable part of a strategy's saved state, wrapped in
/// an envelope naming the strategy and format version so loading one strategy's state into another fails
/// with a clear message instead of silently mis-parsing.
/// </summary>
internal static class StrategyStateFile
{
    public const string FileName = "strategy.json";
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, IncludeFields = false };

    private sealed record Envelope<T>(string Strategy, int Format, T State);

    public static void Write<T>(string directory, string strategy, T state)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(new Envelope<T>(strategy, FormatVersion, state), Json));
        // Write-then-rename: an interrupted save never leaves a truncated state file.
        File.Move(tmp, path, overwrite: true);
    }

    public static T Read<T>(string directory, string strategy)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"No saved strategy state at {path}.", path);
        var envelope = JsonSerializer.Deserialize<Envelope<T>>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path}: empty state file.");
        if (envelope.Strategy != strategy)
            throw new InvalidDataException($"{path}: state was saved by strategy '{envelope.Strategy}', cannot load it into '{strategy}'.");
        if (envelope.Format != FormatVersion)
            throw new InvalidDataException($"{path}: state format {envelope.Format} is not supported (expected {FormatVersion}).");
        return envelope.State;
    }
}
