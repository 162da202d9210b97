using System.Text.Json;
using System.Text.Json.Serialization;

namespace NasLab.LatencyOracle.Latency;

/// <summary>
/// Latency results persisted in one JSON file, keyed by model hash + profile key + runtime version.
/// Writes go to a temporary file renamed over the cache (readers never see half a file), and
/// re-read the file first so results written by another process meanwhile are kept.
/// </summary>
public sealed class LatencyCache
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly object _lock = new();
    private Dictionary<string, LatencyResult> _entries;

    public LatencyCache(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _entries = Load();
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    public int Count
    {
        get { lock (_lock) return _entries.Count; }
    }

    /// <summary>The key under which a measurement is stored.</summary>
    public static string Key(string modelSha256, string profileKey, string runtimeVersion) =>
        $"{modelSha256}|{profileKey}|{runtimeVersion}";

    public bool TryGet(string key, out LatencyResult result)
    {
        lock (_lock)
            return _entries.TryGetValue(key, out result!);
    }

    /// <summary>Stores <paramref name="result"/> under its own key and saves the file.</summary>
    public void Put(LatencyResult result) => Put(Key(result.ModelSha256, result.ProfileKey, result.RuntimeVersion), result);

    /// <summary>
    /// Stores <paramref name="result"/> under an explicit key and saves the file. The oracle keys
    /// whole-architecture measurements by architecture hash (see <c>ArchitectureHash</c>), not model bytes.
    /// </summary>
    public void Put(string key, LatencyResult result)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (_lock)
        {
            var merged = Load();
            merged[key] = result;
            var directory = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            var temporary = $"{Path}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(merged, Json));
            File.Move(temporary, Path, overwrite: true);
            _entries = merged;
        }
    }

    private Dictionary<string, LatencyResult> Load()
    {
        if (!File.Exists(Path))
            return new Dictionary<string, LatencyResult>();
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, LatencyResult>>(File.ReadAllText(Path), Json)
                   ?? new Dictionary<string, LatencyResult>();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Latency cache '{Path}' is not valid JSON ({e.Message}); delete it to re-measure.", e);
        }
    }
}
