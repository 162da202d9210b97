using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Lut;
using NasLab.LatencyOracle.Oracle;
using NasLab.LatencyOracle.Tests.Reference;
using NasLab.SearchSpace.Architecture;

namespace NasLab.LatencyOracle.Tests.Lut;

public sealed class LatencyLookupTableTests : IDisposable
{
    private static readonly DeviceProfile Profile = DeviceProfile.CpuOneThread;
    private readonly string _directory = Directory.CreateTempSubdirectory("naslab-lut-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string TablePath => LatencyTable.PathFor(_directory, Profile);

    [Fact]
    public void TableIsFilledOncePersistedAndReloaded()
    {
        var net = (BlockNetwork)ArchitectureSamples.Zoo("mobilenet-v2", 32);
        var device = CountingDevice.Local();
        var table = new LatencyLookupTable(TablePath, device, Profile);
        var first = table.Predict(net);
        var distinct = BlockNetworkParts.Of(net).Select(p => p.Key).Distinct().Count();
        Assert.Equal(distinct, first.NewlyMeasuredParts);
        Assert.Equal(distinct, device.Calls);
        Assert.True(first.SumUs > 0);

        var second = table.Predict(net);
        Assert.Equal(0, second.NewlyMeasuredParts);
        Assert.Equal(first.SumUs, second.SumUs);

        var reloadedDevice = CountingDevice.Local();
        var reloaded = new LatencyLookupTable(TablePath, reloadedDevice, Profile);
        Assert.Equal(distinct, reloaded.Count);
        Assert.Equal(first.SumUs, reloaded.Predict(net).SumUs, 9);
        Assert.Equal(0, reloadedDevice.Calls);
    }

    [Fact]
    public void TableOfAnotherProfileIsRefused()
    {
        var net = (BlockNetwork)ArchitectureSamples.Zoo("mobilenet-v1-0.5-cifar", 32);
        new LatencyLookupTable(TablePath, CountingDevice.Local(), Profile).Predict(net);
        var error = Assert.Throws<InvalidDataException>(() => new LatencyLookupTable(TablePath, CountingDevice.Local(), DeviceProfile.CpuTwoThreads));
        Assert.Contains("cpu-1thread", error.Message);
    }

    /// <summary>
    /// lut+verify returns both a calibrated prediction and a full measurement, and the relative error
    /// between them. How close they are is a timing figure on a shared machine: it lives in
    /// bench/LatencyOracle.Bench (MAPE over the zoo and random networks), not in a unit test.
    /// </summary>
    [Fact]
    public void CalibratedPredictionIsNearTheFullMeasurement()
    {
        var nets = new[] { "mobilenet-v2", "mnasnet-a1", "mobilenet-v3-large" }
            .Select(n => (BlockNetwork)ArchitectureSamples.Zoo(n, 64)).ToList();
        var table = new LatencyLookupTable(TablePath, CountingDevice.Local(), Profile);
        var oracle = new ArchitectureLatencyOracle(CountingDevice.Local(), Profile, table: table);
        var fit = oracle.Calibrate(nets);
        Assert.Equal(3, fit.Points);
        Assert.True(new LatencyLookupTable(TablePath, CountingDevice.Local(), Profile).IsCalibrated);

        var probe = (BlockNetwork)ArchitectureSamples.Random("mnasnet", 7, 64);
        var answer = oracle.Query(probe, OracleMode.LutVerify);
        Assert.NotNull(answer.Prediction);
        Assert.NotNull(answer.Measurement);
        Assert.True(answer.LatencyMs > 0);
        Assert.True(answer.Prediction!.PredictedMs > 0);
        Assert.True(double.IsFinite(answer.RelativeError!.Value));
        Assert.Equal((answer.Prediction!.PredictedMs - answer.Measurement!.Statistics.MedianMs) / answer.Measurement.Statistics.MedianMs,
            answer.RelativeError.Value, 9);
    }
}
