using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Lut;
using NasLab.LatencyOracle.Oracle;
using NasLab.LatencyOracle.Tests.Reference;
using NasLab.SearchSpace.Zoo;

namespace NasLab.LatencyOracle.Tests.Oracle;

public sealed class ArchitectureLatencyOracleTests : IDisposable
{
    private static readonly DeviceProfile Profile = DeviceProfile.CpuOneThread;
    private readonly string _directory = Directory.CreateTempSubdirectory("naslab-oracle-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private LatencyCache Cache() => new(Path.Combine(_directory, "latency.json"));

    [Fact]
    public void MeasuredAnswersAreCachedByArchitectureNotByName()
    {
        var device = CountingDevice.Local();
        var oracle = new ArchitectureLatencyOracle(device, Profile, Cache());
        var net = ArchitectureSamples.Zoo("mobilenet-v1-0.5-cifar", 32);

        var first = oracle.Query(net, OracleMode.Measured);
        Assert.False(first.FromCache);
        Assert.Equal(OracleMode.Measured, first.Mode);
        Assert.True(first.LatencyMs > 0);
        Assert.Equal(first.Statistics!.MedianMs, first.LatencyMs);
        Assert.Equal("input[1,3,32,32]", first.Measurement!.InputShapes);
        Assert.True(first.Machine.LogicalCores > 0);

        // A fresh oracle over the same cache file, and a renamed copy: no new measurement.
        var again = new ArchitectureLatencyOracle(device, Profile, Cache()).Query(net with { Name = "renamed" }, OracleMode.Measured);
        Assert.True(again.FromCache);
        Assert.Equal(first.LatencyMs, again.LatencyMs);
        Assert.Equal(1, device.Calls);

        // The profile's resolution changes the architecture measured, hence the key.
        var larger = new ArchitectureLatencyOracle(device, Profile with { Resolution = 48 }, Cache()).Query(net, OracleMode.Measured);
        Assert.False(larger.FromCache);
        Assert.Equal("input[1,3,48,48]", larger.Measurement!.InputShapes);
        Assert.NotEqual(first.ArchitectureHash, larger.ArchitectureHash);
        Assert.Equal(2, device.Calls);
    }

    [Fact]
    public void MinimumStatisticAnswersTheFastestRunAndNeedsAMatchingTable()
    {
        var oracle = new ArchitectureLatencyOracle(CountingDevice.Local(), Profile, statistic: LatencyStatistic.Minimum);
        var answer = oracle.Query(ArchitectureSamples.Zoo("mobilenet-v1-0.5-cifar", 32), OracleMode.Measured);
        Assert.Equal(answer.Statistics!.MinMs, answer.LatencyMs);
        Assert.True(answer.LatencyMs <= answer.Statistics.MedianMs);

        var path = LatencyTable.PathFor(_directory, Profile);
        var medianTable = new LatencyLookupTable(path, CountingDevice.Local(), Profile);
        Assert.Throws<ArgumentException>(() => new ArchitectureLatencyOracle(CountingDevice.Local(), Profile, table: medianTable, statistic: LatencyStatistic.Minimum));
        medianTable.Predict((NasLab.SearchSpace.Architecture.BlockNetwork)ArchitectureSamples.Zoo("mobilenet-v1-0.5-cifar", 32));
        var error = Assert.Throws<InvalidDataException>(() => new LatencyLookupTable(path, CountingDevice.Local(), Profile, LatencyStatistic.Minimum));
        Assert.Contains("Median", error.Message);
    }

    [Fact]
    public void ArchitectureHashIsStableAndDiscriminating()
    {
        Assert.Equal(ArchitectureHash.Of(ModelZoo.Get("mixnet-s")), ArchitectureHash.Of(ModelZoo.Get("mixnet-s")));
        Assert.NotEqual(ArchitectureHash.Of(ModelZoo.Get("mixnet-s")), ArchitectureHash.Of(ModelZoo.Get("mixnet-m")));
        Assert.Matches("^[0-9a-f]{64}$", ArchitectureHash.Of(ModelZoo.Get("mixnet-s")));
    }

    [Fact]
    public void LutOnACellNetworkFallsBackToMeasuredWithANote()
    {
        var table = new LatencyLookupTable(LatencyTable.PathFor(_directory, Profile), CountingDevice.Local(), Profile);
        var oracle = new ArchitectureLatencyOracle(CountingDevice.Local(), Profile, table: table);
        var nasnet = NasNets.Cifar() with { CellsPerStack = 1, Filters = 8, StemFilters = 16 };
        var answer = oracle.Query(nasnet, OracleMode.Lut);
        Assert.Equal(OracleMode.Measured, answer.Mode);
        Assert.Contains("block networks only", answer.Note);
        Assert.Null(answer.Prediction);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void UncalibratedLutAnswerSaysSo()
    {
        var table = new LatencyLookupTable(LatencyTable.PathFor(_directory, Profile), CountingDevice.Local(), Profile);
        var answer = new ArchitectureLatencyOracle(CountingDevice.Local(), Profile, table: table)
            .Query(ArchitectureSamples.Zoo("mobilenet-v1-0.5-cifar", 32), OracleMode.Lut);
        Assert.Equal(OracleMode.Lut, answer.Mode);
        Assert.Contains("not calibrated", answer.Note);
        Assert.Equal(answer.Prediction!.SumUs / 1000.0, answer.LatencyMs, 9);
        Assert.Null(answer.Measurement);
    }

    [Fact]
    public void LutModesWithoutATableAreAClearError()
    {
        var oracle = new ArchitectureLatencyOracle(CountingDevice.Local(), Profile);
        var error = Assert.Throws<InvalidOperationException>(() => oracle.Query(ModelZoo.Get("mixnet-s"), OracleMode.Lut));
        Assert.Contains("lookup table", error.Message);
    }
}
