using NasLab.LatencyOracle.Latency;
using NasLab.SearchSpace.Architecture;

namespace NasLab.LatencyOracle.Lut;

/// <summary>
/// Predicts a block network's latency by summing per-part latencies measured once per device
/// profile (stem, each distinct block configuration, head) and applying a linear calibration fitted
/// against full measurements. Missing parts are measured on demand and the table is saved, so a
/// search fills it as it goes. Not thread-safe: one table per searcher.
/// </summary>
public sealed class LatencyLookupTable
{
    private readonly ILatencyDevice _device;
    private readonly DeviceProfile _profile;
    private LatencyTable _table;

    /// <param name="path">The table's JSON file (see <see cref="LatencyTable.PathFor"/>); created when missing.</param>
    /// <param name="device">Measures parts; give it a protocol suited to small models.</param>
    /// <param name="profile">Device profile; its <c>Resolution</c> is ignored, parts have fixed inputs.</param>
    /// <param name="statistic">Summary of the timed runs that entries, sums and calibration use.</param>
    public LatencyLookupTable(string path, ILatencyDevice device, DeviceProfile profile, LatencyStatistic statistic = LatencyStatistic.Median)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _device = device ?? throw new ArgumentNullException(nameof(device));
        // Parts are exported at their own fixed sizes; a profile resolution would override (and break) them.
        _profile = profile.Validated() with { Resolution = null };
        Path = System.IO.Path.GetFullPath(path);
        _table = File.Exists(Path)
            ? LatencyTable.Load(Path, _profile.CacheKey, device.Identity, statistic)
            : new LatencyTable { ProfileKey = _profile.CacheKey, RuntimeVersion = device.Identity, Machine = device.Machine, Statistic = statistic };
    }

    public string Path { get; }

    public int Count => _table.Entries.Count;

    public LatencyStatistic Statistic => _table.Statistic;

    public LinearCalibration Calibration => _table.Calibration ?? LinearCalibration.Identity;

    public bool IsCalibrated => _table.Calibration is not null;

    /// <summary>A copy of the table as persisted.</summary>
    public LatencyTable Snapshot => _table with { Entries = new Dictionary<string, LutEntry>(_table.Entries) };

    /// <summary>Sum of part latencies (µs), measuring and storing parts the table lacks.</summary>
    public (double SumUs, int Parts, int NewlyMeasured) Sum(BlockNetwork net)
    {
        var parts = BlockNetworkParts.Of(net);
        var measured = 0;
        double sum = 0;
        foreach (var part in parts)
        {
            if (!_table.Entries.TryGetValue(part.Key, out var entry))
            {
                var result = _device.Measure(part.Export(), _profile);
                var stats = result.Statistics;
                entry = new LutEntry(stats.MedianMs * 1000.0, stats.MinMs * 1000.0, stats.Runs, stats.RelativeHalfWidth);
                _table.Entries[part.Key] = entry;
                measured++;
            }
            sum += entry.Us(_table.Statistic);
        }
        if (measured > 0) _table.Save(Path);
        return (sum, parts.Count, measured);
    }

    public LutPrediction Predict(BlockNetwork net)
    {
        var (sum, parts, measured) = Sum(net);
        var calibration = Calibration;
        return new LutPrediction(sum, calibration.Apply(sum), parts, measured, calibration);
    }

    /// <summary>Fits and stores full ≈ a * sum + b over networks whose full latency (ms, in <see cref="Statistic"/>) was measured.</summary>
    public LinearCalibration Calibrate(IReadOnlyList<(BlockNetwork Net, double FullMs)> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var sums = measurements.Select(m => Sum(m.Net).SumUs).ToList();
        var fit = LinearCalibration.Fit(sums, measurements.Select(m => m.FullMs * 1000.0).ToList());
        _table = _table with { Calibration = fit };
        _table.Save(Path);
        return fit;
    }
}
