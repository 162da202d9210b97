using System.Diagnostics;

namespace NasLab.LatencyOracle.Latency;

/// <summary>
/// Times a repeatable action under a <see cref="MeasurementProtocol"/>. It knows nothing of ORT, so
/// the protocol can be tested and reused for any runtime (e.g. a future remote device).
/// </summary>
public sealed class LatencyMeter
{
    private readonly MeasurementProtocol _protocol;

    public LatencyMeter(MeasurementProtocol? protocol = null)
    {
        _protocol = protocol ?? MeasurementProtocol.Default;
        _protocol.Validate();
    }

    /// <summary>Runs <paramref name="runOnce"/> for warm-up, then timed, and summarizes the timings.</summary>
    public LatencyStatistics Measure(Action runOnce)
    {
        ArgumentNullException.ThrowIfNull(runOnce);
        var timeCap = _protocol.EffectiveTimeCap;
        var total = Stopwatch.StartNew();

        var warmups = 0;
        while (warmups < _protocol.WarmupRuns && (warmups == 0 || total.Elapsed < timeCap / 2))
        {
            runOnce();
            warmups++;
        }

        var samples = new List<double>(Math.Min(_protocol.MaxRuns, 1024));
        var sorted = new List<double>(samples.Capacity);
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            runOnce();
            var elapsedMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            samples.Add(elapsedMs);
            InsertSorted(sorted, elapsedMs);

            if (samples.Count >= _protocol.MinRuns && MedianConfidence.RelativeHalfWidth(sorted) <= _protocol.TargetRelativeHalfWidth)
                return LatencyStatistics.FromSamples(samples, warmups, StopReason.Converged);
            if (samples.Count >= _protocol.MaxRuns)
                return LatencyStatistics.FromSamples(samples, warmups, StopReason.RunCap);
            if (total.Elapsed >= timeCap)
                return LatencyStatistics.FromSamples(samples, warmups, StopReason.TimeCap);
        }
    }

    private static void InsertSorted(List<double> sorted, double value)
    {
        var index = sorted.BinarySearch(value);
        sorted.Insert(index < 0 ? ~index : index, value);
    }
}
