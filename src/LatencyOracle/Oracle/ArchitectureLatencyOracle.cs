using NasLab.LatencyOracle.Export;
using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Lut;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Validation;

namespace NasLab.LatencyOracle.Oracle;

/// <summary>
/// Latency of an architecture on a device profile (MnasNet: measure, don't count FLOPs). Measured
/// answers export the architecture with stand-in weights and time it in ORT, cached by architecture
/// hash + profile + runtime; LUT answers sum a lookup table. Named ArchitectureLatencyOracle because
/// a type named like its namespace (NasLab.LatencyOracle) shadows the namespace for callers.
/// </summary>
public sealed class ArchitectureLatencyOracle
{
    private readonly ILatencyDevice _device;
    private readonly DeviceProfile _profile;
    private readonly LatencyCache? _cache;
    private readonly LatencyLookupTable? _table;

    /// <param name="device">Measures whole networks (e.g. <see cref="LocalOrtDevice"/>).</param>
    /// <param name="profile">Threads, optimisation level and (optionally) the input resolution to measure at.</param>
    /// <param name="cache">Whole-network results by architecture hash; null measures every time.</param>
    /// <param name="table">Lookup table for lut modes; null makes those modes an error.</param>
    /// <param name="statistic">Which summary of the timed runs is the answer (the table must use the same).</param>
    public ArchitectureLatencyOracle(ILatencyDevice device, DeviceProfile profile, LatencyCache? cache = null, LatencyLookupTable? table = null,
        LatencyStatistic statistic = LatencyStatistic.Median)
    {
        if (table is not null && table.Statistic != statistic)
            throw new ArgumentException($"The lookup table predicts the {table.Statistic} latency but the oracle answers the {statistic}.", nameof(table));
        Statistic = statistic;
        _device = device ?? throw new ArgumentNullException(nameof(device));
        ArgumentNullException.ThrowIfNull(profile);
        Profile = profile.Validated();
        // The resolution goes into the architecture (and so into its hash); the exported model has a fixed input.
        _profile = Profile with { Resolution = null };
        _cache = cache;
        _table = table;
    }

    public DeviceProfile Profile { get; }

    public LatencyStatistic Statistic { get; }

    public LatencyLookupTable? Table => _table;

    public OracleAnswer Query(NetworkArchitecture net, OracleMode mode)
    {
        ArgumentNullException.ThrowIfNull(net);
        net = AtProfileResolution(net);
        ArchitectureValidator.Validate(net);
        if (mode == OracleMode.Measured)
            return Measured(net, note: null);
        if (_table is null)
            throw new InvalidOperationException(
                $"Oracle mode '{OracleModes.Name(mode)}' needs a latency lookup table; construct the oracle with one or use 'measured'.");
        if (net is not BlockNetwork blocks)
            return Measured(net, $"'{OracleModes.Name(mode)}' covers block networks only; {net.GetType().Name} '{net.Name}' was measured instead.");

        var prediction = _table.Predict(blocks);
        var note = _table.IsCalibrated ? null : "The lookup table is not calibrated yet: the prediction is the raw sum of part latencies.";
        if (mode == OracleMode.Lut)
            return new OracleAnswer(net.Name, ArchitectureHash.Of(net), prediction.PredictedMs, OracleMode.Lut, _profile.CacheKey,
                _device.Identity, _device.Name, _device.Machine, null, prediction, null, false, note);

        var measured = Measured(net, note);
        var error = (prediction.PredictedMs - measured.LatencyMs) / measured.LatencyMs;
        return measured with { LatencyMs = prediction.PredictedMs, Mode = OracleMode.LutVerify, Prediction = prediction, RelativeError = error };
    }

    /// <summary>Measures each network (cached) and fits the lookup table's calibration on them.</summary>
    public LinearCalibration Calibrate(IEnumerable<BlockNetwork> calibrationSet)
    {
        ArgumentNullException.ThrowIfNull(calibrationSet);
        if (_table is null)
            throw new InvalidOperationException("Calibration needs a latency lookup table.");
        var points = calibrationSet.Select(n => (BlockNetwork)AtProfileResolution(n))
            .Select(n => (n, Measured(n, null).LatencyMs)).ToList();
        return _table.Calibrate(points);
    }

    private NetworkArchitecture AtProfileResolution(NetworkArchitecture net) =>
        Profile.Resolution is int r && r != net.InputResolution ? net with { InputResolution = r } : net;

    private OracleAnswer Measured(NetworkArchitecture net, string? note)
    {
        var hash = ArchitectureHash.Of(net);
        var key = LatencyCache.Key($"arch:{hash}", _profile.CacheKey, _device.Identity);
        LatencyResult? result = null;
        var fromCache = _cache is not null && _cache.TryGet(key, out result);
        if (!fromCache)
        {
            result = _device.Measure(OnnxExporter.Export(net), _profile);
            _cache?.Put(key, result);
        }
        return new OracleAnswer(net.Name, hash, Statistic.Of(result!.Statistics), OracleMode.Measured, _profile.CacheKey,
            _device.Identity, result.Agent ?? LocalOrtDevice.LocalName, result.Machine, result, null, null, fromCache, note);
    }
}
