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

    /// <summary>Every setting in one string: two profiles with equal keys measure identically.</summary>
    public string CacheKey =>
        $"{Name}|intra={IntraOpThreads}|inter={InterOpThreads}|opt={OptimizationLevel}|res={Resolution?.ToString() ?? "model"}";

    /// <summary>The ORT session settings this profile implies.</summary>
    public SessionSettings ToSessionSettings() => new(IntraOpThreads, InterOpThreads, OptimizationLevel);

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
