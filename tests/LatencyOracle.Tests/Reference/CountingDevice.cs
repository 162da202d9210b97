using NasLab.LatencyOracle.Latency;

namespace NasLab.LatencyOracle.Tests.Reference;

/// <summary>Counts the measurements that reach a real device (to prove cache and table hits).</summary>
internal sealed class CountingDevice(ILatencyDevice inner) : ILatencyDevice
{
    public static readonly MeasurementProtocol Quick = new(WarmupRuns: 2, MinRuns: 5, MaxRuns: 20, TimeCap: TimeSpan.FromSeconds(1));

    public static CountingDevice Local() => new(new LocalOrtDevice(Quick));

    public int Calls { get; private set; }

    public string Identity => inner.Identity;

    public string Name => inner.Name;

    public MachineDescription Machine => inner.Machine;

    public LatencyResult Measure(byte[] model, DeviceProfile profile)
    {
        Calls++;
        return inner.Measure(model, profile);
    }
}
