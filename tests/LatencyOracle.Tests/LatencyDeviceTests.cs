using NasLab.LatencyOracle.Graph;
using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Runtime;
using NasLab.LatencyOracle.Tests.Reference;

namespace NasLab.LatencyOracle.Tests;

public sealed class LatencyDeviceTests : IDisposable
{
    private static readonly MeasurementProtocol Quick = new(WarmupRuns: 3, MinRuns: 10, MaxRuns: 60, TimeCap: TimeSpan.FromSeconds(2));

    private readonly string _directory = Directory.CreateTempSubdirectory("naslab-latency-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A small conv net whose H and W are dynamic, so a profile's resolution applies.</summary>
    private static byte[] SmallModel(int seed = 0)
    {
        var random = new Random(seed);
        var g = new OnnxGraphBuilder();
        var x = g.Input("image", [-1, 3, -1, -1], dynamicBatch: true);
        var y = g.Conv(x, g.Initializer("w", TestData.Uniform(random, 16 * 3 * 3 * 3), 16, 3, 3, 3), null, ConvOptions.Symmetric(2, 1), "conv");
        y = g.HardSwish(y);
        g.Output(g.Flatten(g.GlobalAveragePool(y)), "features");
        return g.ToBytes();
    }

    [Fact]
    public void LocalDeviceReturnsSaneStatistics()
    {
        var profile = DeviceProfile.CpuOneThread with { Resolution = 32 };
        var model = SmallModel();
        var result = new LocalOrtDevice(Quick).Measure(model, profile);

        var stats = result.Statistics;
        Assert.True(stats.MedianMs > 0);
        Assert.True(stats.P90Ms >= stats.MedianMs);
        Assert.True(stats.MinMs <= stats.MedianMs);
        Assert.True(stats.IqrMs >= 0);
        Assert.InRange(stats.Runs, 1, Quick.MaxRuns);
        Assert.Equal(Quick.WarmupRuns, stats.WarmupRuns);
        Assert.Equal(ModelHash.Sha256(model), result.ModelSha256);
        Assert.Equal(profile.CacheKey, result.ProfileKey);
        Assert.Equal($"onnxruntime {SessionFactory.RuntimeVersion}", result.RuntimeVersion);
        Assert.Equal("image[1,3,32,32]", result.InputShapes);
        Assert.True(result.Machine.LogicalCores > 0);
    }

    [Fact]
    public void DynamicSpatialInputWithoutResolutionIsAClearError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new LocalOrtDevice(Quick).Measure(SmallModel(), DeviceProfile.CpuOneThread));
        Assert.Contains("resolution", error.Message);
    }

    [Fact]
    public void CacheHitReturnsTheIdenticalResultWithoutMeasuringAgain()
    {
        var cachePath = Path.Combine(_directory, "latency.json");
        var counting = new CountingDevice(new LocalOrtDevice(Quick));
        var device = new CachedLatencyDevice(counting, new LatencyCache(cachePath));
        var profile = DeviceProfile.CpuOneThread with { Resolution = 24 };
        var model = SmallModel();

        var first = device.Measure(model, profile);
        var second = device.Measure(model, profile);
        Assert.Equal(1, counting.Calls);
        Assert.Same(first, second);

        // A fresh cache over the same file (another process, a later run) returns equal values.
        var reloaded = new CachedLatencyDevice(counting, new LatencyCache(cachePath)).Measure(model, profile);
        Assert.Equal(1, counting.Calls);
        Assert.Equal(first, reloaded);

        // A different profile or a different model is a miss.
        device.Measure(model, profile with { Resolution = 16 });
        device.Measure(SmallModel(seed: 1), profile);
        Assert.Equal(3, counting.Calls);
        Assert.Equal(3, new LatencyCache(cachePath).Count);
    }

    [Fact]
    public void CorruptCacheFileIsReportedNotIgnored()
    {
        var path = Path.Combine(_directory, "bad.json");
        File.WriteAllText(path, "{ not json");
        var error = Assert.Throws<InvalidDataException>(() => new LatencyCache(path));
        Assert.Contains(path, error.Message);
    }
}

public class DeviceProfileTests
{
    [Fact]
    public void BuiltInProfilesDifferInThreadsAndCacheKey()
    {
        Assert.Equal(1, DeviceProfile.CpuOneThread.IntraOpThreads);
        Assert.Equal(2, DeviceProfile.CpuTwoThreads.IntraOpThreads);
        Assert.NotEqual(DeviceProfile.CpuOneThread.CacheKey, DeviceProfile.CpuTwoThreads.CacheKey);
    }

    [Fact]
    public void OutOfRangeSettingsAreRefusedWhenValidated()
    {
        Assert.Contains("thread counts", Assert.Throws<FormatException>(() => new DeviceProfile("x", IntraOpThreads: 0).Validated()).Message);
        Assert.Contains("non-empty name", Assert.Throws<FormatException>(() => new DeviceProfile("").Validated()).Message);
        Assert.Contains("resolution", Assert.Throws<FormatException>(() => new DeviceProfile("x", Resolution: 0).Validated()).Message);
        Assert.Contains("optimization level", Assert.Throws<FormatException>(() => new DeviceProfile("x", OptimizationLevel: (GraphOptimizationLevel)42).Validated()).Message);
        Assert.Equal(new DeviceProfile("pixel-ish", 1, 1, GraphOptimizationLevel.Extended, 160), new DeviceProfile("pixel-ish", 1, 1, GraphOptimizationLevel.Extended, 160).Validated());
    }

    [Fact]
    public void CpuModelIsParsedFromCpuinfo()
    {
        Assert.Equal("AMD EPYC 7B13", MachineDescription.ParseCpuModel("processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n"));
        Assert.Equal("Qualcomm Technologies, Inc SM8250", MachineDescription.ParseCpuModel("Processor\t: AArch64\nHardware\t: Qualcomm Technologies, Inc SM8250\n"));
        Assert.Equal("unknown", MachineDescription.ParseCpuModel(""));
    }
}
