using NasLab.LatencyOracle.Latency;

namespace NasLab.LatencyOracle.Tests;

public class LatencyStatisticsTests
{
    [Fact]
    public void PercentilesInterpolateLikeNumpy()
    {
        double[] sorted = [1, 2, 3, 4];
        Assert.Equal(2.5, Percentiles.Of(sorted, 0.5), 12);
        Assert.Equal(3.7, Percentiles.Of(sorted, 0.9), 12); // numpy.percentile([1,2,3,4], 90) == 3.7
        Assert.Equal(1.0, Percentiles.Of(sorted, 0), 12);
        Assert.Equal(4.0, Percentiles.Of(sorted, 1), 12);
    }

    [Fact]
    public void MedianIntervalForOneHundredSamplesUsesRanks40And61()
    {
        // Textbook distribution-free 95% interval for n = 100: 40th and 61st order statistics.
        var sorted = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        Assert.Equal((40.0, 61.0), MedianConfidence.Interval(sorted));
        Assert.Equal((61.0 - 40.0) / 2 / 50.5, MedianConfidence.RelativeHalfWidth(sorted), 12);
    }

    [Fact]
    public void SummaryOfKnownSamples()
    {
        var stats = LatencyStatistics.FromSamples([5, 1, 4, 2, 3], warmupRuns: 2, StopReason.RunCap);
        Assert.Equal(3, stats.MedianMs);
        Assert.Equal(1, stats.MinMs);
        Assert.Equal(4.6, stats.P90Ms, 12);
        Assert.Equal(2, stats.IqrMs, 12); // p75 4 - p25 2
        Assert.Equal(5, stats.Runs);
        Assert.Equal(2, stats.WarmupRuns);
    }

    [Fact]
    public void MeterStopsAtTheRunCapWhenTheTargetIsUnreachable()
    {
        var calls = 0;
        var meter = new LatencyMeter(new MeasurementProtocol(WarmupRuns: 3, MinRuns: 5, MaxRuns: 25, TargetRelativeHalfWidth: 1e-15));
        var stats = meter.Measure(() => { calls++; Thread.SpinWait(200 + calls % 7 * 300); });
        Assert.Equal(StopReason.RunCap, stats.StopReason);
        Assert.Equal(25, stats.Runs);
        Assert.Equal(3, stats.WarmupRuns);
        Assert.Equal(28, calls);
        Assert.True(stats.MinMs > 0 && stats.MinMs <= stats.MedianMs && stats.MedianMs <= stats.P90Ms);
    }

    [Fact]
    public void MeterStopsAtTheTimeCap()
    {
        var meter = new LatencyMeter(new MeasurementProtocol(WarmupRuns: 1, MinRuns: 1000, MaxRuns: 1000,
            TimeCap: TimeSpan.FromMilliseconds(150)));
        var stats = meter.Measure(() => Thread.Sleep(10));
        Assert.Equal(StopReason.TimeCap, stats.StopReason);
        Assert.InRange(stats.Runs, 1, 15);
        Assert.True(stats.MedianMs >= 9, $"median {stats.MedianMs} ms for a 10 ms sleep");
    }

    [Fact]
    public void InvalidProtocolsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyMeter(new MeasurementProtocol(MinRuns: 10, MaxRuns: 5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyMeter(new MeasurementProtocol(TimeCap: TimeSpan.Zero)));
    }
}
