using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Lut;

namespace NasLab.LatencyOracle.Oracle;

/// <summary>
/// The oracle's latency for one architecture under one device profile.
/// </summary>
/// <param name="LatencyMs">The answer: measured median or minimum (the oracle's statistic), or the calibrated LUT prediction (lut, lut+verify).</param>
/// <param name="Mode">The mode that produced <paramref name="LatencyMs"/> (Measured when LUT fell back).</param>
/// <param name="DeviceIdentity">The device's <see cref="ILatencyDevice.Identity"/> (runtime, and which device when remote).</param>
/// <param name="Device">Where the latency came from: <c>local</c>, the agent that measured it, or the device (all its agents) whose lookup table estimated it.</param>
/// <param name="Measurement">The full measurement, when one was made or found in the cache.</param>
/// <param name="Prediction">The LUT prediction, when one was made.</param>
/// <param name="RelativeError">lut+verify: (predicted - measured) / measured.</param>
/// <param name="FromCache">The full measurement came from the cache.</param>
/// <param name="Note">Why the answer deviates from what was asked (e.g. LUT fallback), or null.</param>
public sealed record OracleAnswer(
    string ArchitectureName,
    string ArchitectureHash,
    double LatencyMs,
    OracleMode Mode,
    string ProfileKey,
    string DeviceIdentity,
    string Device,
    MachineDescription Machine,
    LatencyResult? Measurement,
    LutPrediction? Prediction,
    double? RelativeError,
    bool FromCache,
    string? Note)
{
    /// <summary>Statistics of the full measurement, when there is one.</summary>
    public LatencyStatistics? Statistics => Measurement?.Statistics;
}
