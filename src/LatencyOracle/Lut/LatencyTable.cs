using System.Text.Json;
using System.Text.Json.Serialization;
using NasLab.LatencyOracle.Latency;

namespace NasLab.LatencyOracle.Lut;

/// <summary>One measured part: median and minimum latency in microseconds, and how trustworthy they are.</summary>
public sealed record LutEntry(double MedianUs, double MinUs, int Runs, double RelativeHalfWidth)
{
    public double Us(LatencyStatistic statistic) => statistic == LatencyStatistic.Minimum ? MinUs : MedianUs;
}

/// <summary>
/// The persisted lookup table of one device profile and runtime: part key -> latency, plus the
/// calibration that maps summed part latencies to whole-network latency. One JSON file per profile.
/// </summary>
public sealed record LatencyTable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public required string ProfileKey { get; init; }
    /// <summary>The measuring device's <see cref="ILatencyDevice.Identity"/> (named for the runtime it once was alone).</summary>
    public required string RuntimeVersion { get; init; }
    public MachineDescription? Machine { get; init; }
    public Dictionary<string, LutEntry> Entries { get; init; } = new(StringComparer.Ordinal);
    /// <summary>The statistic the calibration was fitted on (and predictions are made in).</summary>
    public LatencyStatistic Statistic { get; init; } = LatencyStatistic.Median;
    public LinearCalibration? Calibration { get; init; }

    /// <summary>
    /// The file of <paramref name="profile"/>'s table in <paramref name="directory"/>: one per profile for this machine
    /// (<paramref name="deviceIdentity"/> null or the local one), and one per profile and device for a remote device,
    /// named by a hash of its <see cref="ILatencyDevice.Identity"/> so tables of different devices never share a file.
    /// </summary>
    public static string PathFor(string directory, DeviceProfile profile, string? deviceIdentity = null) =>
        System.IO.Path.Combine(directory, deviceIdentity is null || deviceIdentity == LocalOrtDevice.LocalIdentity
            ? $"lut-{profile.Name}.json"
            : $"lut-{profile.Name}-device-{ModelHash.Sha256(System.Text.Encoding.UTF8.GetBytes(deviceIdentity))[..12]}.json");

    /// <summary>Loads a table; a table of another profile or runtime is an error, since its numbers do not apply.</summary>
    public static LatencyTable Load(string path, string profileKey, string runtimeVersion, LatencyStatistic statistic)
    {
        LatencyTable? table;
        try
        {
            table = JsonSerializer.Deserialize<LatencyTable>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Latency table '{path}' is not valid JSON ({e.Message}); delete it to rebuild.", e);
        }
        if (table is null)
            throw new InvalidDataException($"Latency table '{path}' is empty; delete it to rebuild.");
        if (table.ProfileKey != profileKey || table.RuntimeVersion != runtimeVersion)
            throw new InvalidDataException(
                $"Latency table '{path}' was measured for '{table.ProfileKey}' on {table.RuntimeVersion}, not '{profileKey}' on {runtimeVersion}; " +
                "use another directory or delete it to rebuild.");
        if (table.Statistic != statistic)
            throw new InvalidDataException(
                $"Latency table '{path}' is calibrated on the {table.Statistic} latency, not the {statistic}; use another directory.");
        return table with { Entries = new Dictionary<string, LutEntry>(table.Entries, StringComparer.Ordinal) };
    }

    /// <summary>Writes atomically (temp file + move), so a crash never leaves half a table.</summary>
    public void Save(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
