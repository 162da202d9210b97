using System.Text.Json;
using System.Text.Json.Serialization;
using NasLab.LatencyOracle.Runtime;

namespace NasLab.LatencyOracle.Latency;

/// <summary>
/// A named way of running a model for latency: how many threads, which graph optimizations, and
/// optionally the input resolution (applied to the H and W of 4-D inputs).
/// </summary>
/// <param name="Name">Identifier used in reports and cache keys.</param>
/// <param name="IntraOpThreads">Threads per operator (>= 1; ORT's "0 = all cores" is not allowed because
/// it makes results depend on the machine).</param>
/// <param name="InterOpThreads">Threads across operators (>= 1; execution is sequential anyway).</param>
/// <param name="OptimizationLevel">ORT graph optimization level.</param>
/// <param name="Resolution">If set, 4-D inputs are fed as [1, C, Resolution, Resolution].</param>
public sealed record DeviceProfile(
    string Name,
    int IntraOpThreads = 1,
    int InterOpThreads = 1,
    GraphOptimizationLevel OptimizationLevel = GraphOptimizationLevel.All,
    int? Resolution = null)
{
    /// <summary>One thread, all optimizations: the closest a desktop CPU gets to a phone's single big
    /// core running a mobile runtime (TFLite/ORT mobile default to one thread per inference).</summary>
    public static DeviceProfile CpuOneThread { get; } = new("cpu-1thread");

    /// <summary>Two intra-op threads, all optimizations.</summary>
    public static DeviceProfile CpuTwoThreads { get; } = new("cpu-2threads", IntraOpThreads: 2);

    /// <summary>The built-in profiles by name.</summary>
    public static IReadOnlyDictionary<string, DeviceProfile> BuiltIn { get; } =
        new Dictionary<string, DeviceProfile> { [CpuOneThread.Name] = CpuOneThread, [CpuTwoThreads.Name] = CpuTwoThreads };

    private static readonly JsonSerializerOptions ConfigJson = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Every setting in one string: two profiles with equal keys measure identically.</summary>
    public string CacheKey =>
        $"{Name}|intra={IntraOpThreads}|inter={InterOpThreads}|opt={OptimizationLevel}|res={Resolution?.ToString() ?? "model"}";

    /// <summary>The ORT session settings this profile implies.</summary>
    public SessionSettings ToSessionSettings() => new(IntraOpThreads, InterOpThreads, OptimizationLevel);

    /// <summary>Returns a built-in profile by name.</summary>
    public static DeviceProfile Named(string name) =>
        BuiltIn.TryGetValue(name, out var profile)
            ? profile
            : throw new ArgumentException($"Unknown device profile '{name}'. Built-in profiles: {string.Join(", ", BuiltIn.Keys)}; " +
                                          "custom profiles come from a JSON config (DeviceProfile.FromJson).", nameof(name));

    /// <summary>
    /// Parses a custom profile from JSON, e.g.
    /// <c>{"name": "pixel-ish", "intraOpThreads": 1, "optimizationLevel": "Extended", "resolution": 160}</c>.
    /// </summary>
    public static DeviceProfile FromJson(string json)
    {
        DeviceProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<DeviceProfile>(json, ConfigJson);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Invalid device profile JSON: {e.Message}", e);
        }
        return (profile ?? throw new FormatException("Device profile JSON is null.")).Validated();
    }

    /// <summary>Throws if a setting is out of range; returns this for chaining.</summary>
    public DeviceProfile Validated()
    {
        if (string.IsNullOrWhiteSpace(Name))
            throw new FormatException("A device profile needs a non-empty name.");
        if (IntraOpThreads < 1 || InterOpThreads < 1)
            throw new FormatException($"Device profile '{Name}': thread counts must be >= 1.");
        if (Resolution is < 1)
            throw new FormatException($"Device profile '{Name}': resolution must be positive.");
        if (!Enum.IsDefined(OptimizationLevel))
            throw new FormatException($"Device profile '{Name}': unknown optimization level {OptimizationLevel}.");
        return this;
    }
}
