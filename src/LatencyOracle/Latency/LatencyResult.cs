namespace NasLab.LatencyOracle.Latency;

/// <summary>One latency measurement of one model under one device profile.</summary>
/// <param name="ModelSha256">Hex SHA-256 of the model bytes measured.</param>
/// <param name="ProfileKey">The profile's <see cref="DeviceProfile.CacheKey"/>.</param>
/// <param name="RuntimeVersion">The runtime that ran it, e.g. "onnxruntime 1.31.1".</param>
/// <param name="InputShapes">The concrete input shapes fed, e.g. "input[1,3,224,224]".</param>
/// <param name="Agent">The device agent that measured it (<c>remote:host:port</c>), or null when this process did.</param>
public sealed record LatencyResult(
    string ModelSha256,
    string ProfileKey,
    string RuntimeVersion,
    string InputShapes,
    LatencyStatistics Statistics,
    MachineDescription Machine,
    DateTimeOffset MeasuredAtUtc,
    string? Agent = null);
