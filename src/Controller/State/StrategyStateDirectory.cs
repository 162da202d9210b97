using NasLab.Controller.Strategies;

namespace NasLab.Controller.State;

/// <summary>
/// Adapter for callers that store strategy state as a directory (to tar it): <c>strategy.json</c> plus
/// one file per blob under <c>blobs/</c>. The extension methods keep the old call shape
/// <c>strategy.SaveState(dir)</c> / <c>strategy.LoadState(dir)</c> working with a
/// <c>using NasLab.Controller.State;</c>.
/// </summary>
public static class StrategyStateDirectory
{
    public const string JsonFile = "strategy.json";
    public const string BlobFolder = "blobs";

    public static void Write(StrategyState state, string directory)
    {
        var blobs = Path.Combine(directory, BlobFolder);
        Directory.CreateDirectory(blobs);
        foreach (var (name, bytes) in state.Blobs)
        {
            if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
                throw new ArgumentException($"Blob name '{name}' cannot be a file name.");
            File.WriteAllBytes(Path.Combine(blobs, name), bytes);
        }
        // strategy.json last, write-then-rename: its presence marks a complete save, and an interrupted
        // save never leaves a truncated state file.
        var path = Path.Combine(directory, JsonFile);
        File.WriteAllText(path + ".tmp", state.Json);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static StrategyState Read(string directory)
    {
        var path = Path.Combine(directory, JsonFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"No saved strategy state at {path}.", path);
        var blobs = new Dictionary<string, byte[]>();
        var folder = Path.Combine(directory, BlobFolder);
        if (Directory.Exists(folder))
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
                blobs[Path.GetFileName(file)] = File.ReadAllBytes(file);
        return new StrategyState(File.ReadAllText(path), blobs);
    }

    public static void SaveState(this ISearchStrategy strategy, string directory) => Write(strategy.SaveState(), directory);

    public static void LoadState(this ISearchStrategy strategy, string directory) => strategy.LoadState(Read(directory));
}
