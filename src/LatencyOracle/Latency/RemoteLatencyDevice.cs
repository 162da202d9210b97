namespace NasLab.LatencyOracle.Latency;

/// <summary>
/// Placeholder for measuring on a real phone or board. Intended design: push the model over adb
/// (or a TCP socket to an on-device agent), run ORT's or TFLite's benchmark binary there with the
/// profile's thread count, and parse its median back into a <see cref="LatencyResult"/> whose
/// <see cref="MachineDescription"/> describes the device. Not implemented: this workplace has no
/// devices attached, so every call throws.
/// </summary>
public sealed class RemoteLatencyDevice : ILatencyDevice
{
    public RemoteLatencyDevice(string address)
    {
        Address = address;
    }

    /// <summary>adb serial or host:port of the device agent.</summary>
    public string Address { get; }

    public string RuntimeVersion => throw NotSupported();

    public LatencyResult Measure(byte[] model, DeviceProfile profile) => throw NotSupported();

    private NotSupportedException NotSupported() =>
        new($"Remote latency measurement (device '{Address}') is not implemented yet. Use LocalOrtDevice with the " +
            "'cpu-1thread' profile as a stand-in for a phone's big core, or implement RemoteLatencyDevice (adb push + " +
            "on-device benchmark) when hardware is available.");
}
