using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Runtime;

namespace NasLab.LatencyOracle.Remote;

/// <summary>
/// The device agent's HTTP protocol, version 1: the routes, the query parameters that carry a device profile and a
/// measurement protocol, and the JSON both sides write. The agent (<c>src/DeviceAgent</c>) and the client
/// (<see cref="RemoteLatencyDevice"/>) both use this one definition.
/// <list type="bullet">
/// <item><c>GET /v1/device</c>: the <see cref="AgentDescription"/>.</item>
/// <item><c>POST /v1/measure?...</c> with the ONNX model as the body (<c>application/octet-stream</c>): a
/// <see cref="LatencyResult"/>.</item>
/// </list>
/// Every request carries <c>Authorization: Bearer TOKEN</c>. Errors are an <see cref="AgentError"/> with status 400
/// (bad parameters), 401 (missing or wrong token), 413 (model over the agent's size limit), 422 (not a model ORT can
/// run) or 500.
/// </summary>
public static class AgentProtocol
{
    public const string DeviceRoute = "/v1/device";
    public const string MeasureRoute = "/v1/measure";

    /// <summary>The longest measurement an agent accepts (the protocol's time cap), so one client cannot hold it for hours.</summary>
    public static readonly TimeSpan LongestTimeCap = TimeSpan.FromMinutes(10);

    public static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The query string of a measure request.</summary>
    public static string MeasureQuery(DeviceProfile profile, MeasurementProtocol protocol) => string.Join("&", new[]
    {
        Pair("profile", profile.Name),
        Pair("intra", profile.IntraOpThreads),
        Pair("inter", profile.InterOpThreads),
        Pair("opt", profile.OptimizationLevel.ToString()),
        Pair("warmup", protocol.WarmupRuns),
        Pair("min", protocol.MinRuns),
        Pair("max", protocol.MaxRuns),
        Pair("timecap_ms", (long)protocol.EffectiveTimeCap.TotalMilliseconds),
        Pair("target", protocol.TargetRelativeHalfWidth.ToString("R", CultureInfo.InvariantCulture)),
        profile.Resolution is int resolution ? Pair("res", resolution) : null,
    }.OfType<string>());

    /// <summary>Reads a measure request's profile and protocol; the error names the parameter and what it allows.</summary>
    public static bool TryReadMeasureQuery(Func<string, string?> query, out DeviceProfile profile, out MeasurementProtocol protocol, out string error)
    {
        profile = null!;
        protocol = null!;
        try
        {
            var name = query("profile") ?? throw new FormatException("parameter 'profile' is missing");
            var level = query("opt") is { } o
                ? Enum.TryParse<GraphOptimizationLevel>(o, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed)
                    ? parsed
                    : throw new FormatException($"parameter 'opt' is '{o}'; allowed: {string.Join(", ", Enum.GetNames<GraphOptimizationLevel>())}")
                : GraphOptimizationLevel.All;
            int? resolution = query("res") is null ? null : Int(query, "res", 1, 16_384);
            profile = new DeviceProfile(name, Int(query, "intra", 1, 256), Int(query, "inter", 1, 256), level, resolution).Validated();
            var timeCap = TimeSpan.FromMilliseconds(Int(query, "timecap_ms", 1, (int)LongestTimeCap.TotalMilliseconds));
            var target = query("target") is { } t
                ? double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v)
                    ? v
                    : throw new FormatException($"parameter 'target' must be a positive number, got '{t}'")
                : MeasurementProtocol.Default.TargetRelativeHalfWidth;
            protocol = new MeasurementProtocol(Int(query, "warmup", 0, 100_000), Int(query, "min", 1, 100_000), Int(query, "max", 1, 100_000), timeCap, target);
            if (protocol.MaxRuns < protocol.MinRuns) throw new FormatException("parameter 'max' must be at least 'min'");
            error = "";
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static int Int(Func<string, string?> query, string name, int min, int max)
    {
        var text = query(name) ?? throw new FormatException($"parameter '{name}' is missing");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new FormatException($"parameter '{name}' must be a whole number from {min} to {max}, got '{text}'");
        return value;
    }

    private static string Pair(string name, object value) =>
        $"{name}={Uri.EscapeDataString(Convert.ToString(value, CultureInfo.InvariantCulture)!)}";
}

/// <summary>What an agent says about itself: the device, the runtime, its limits and how busy it has been.</summary>
/// <param name="Agent">The agent program and its version, e.g. <c>naslab-device-agent 0.4.0</c>.</param>
/// <param name="Runtime">The runtime that measures, e.g. <c>onnxruntime 1.31.1</c>.</param>
/// <param name="Machine">The device's CPU, cores, operating system and architecture.</param>
/// <param name="MaxModelBytes">The largest model the agent accepts.</param>
/// <param name="Measurements">Measurements the agent has completed since it started.</param>
public sealed record AgentDescription(string Agent, string Runtime, MachineDescription Machine, long MaxModelBytes, long Measurements)
{
    /// <summary>
    /// The device's identity for cache keys: the runtime and a hash of the machine description. Two agents on
    /// identical boards share it (and their measurements); a different board, core count or runtime does not.
    /// </summary>
    [JsonIgnore]
    public string Identity
    {
        get
        {
            var text = string.Join("\n", Runtime, Machine.CpuModel, Machine.LogicalCores.ToString(CultureInfo.InvariantCulture),
                Machine.OperatingSystem, Machine.Architecture);
            return $"{Runtime}@device-{ModelHash.Sha256(System.Text.Encoding.UTF8.GetBytes(text))[..16]}";
        }
    }

    /// <summary>The description in one line, for messages and reports.</summary>
    [JsonIgnore]
    public string Summary => $"{Machine.CpuModel}, {Machine.LogicalCores} cores, {Machine.Architecture}, {Runtime}";
}

/// <summary>The body of every error response.</summary>
public sealed record AgentError(string Error);
