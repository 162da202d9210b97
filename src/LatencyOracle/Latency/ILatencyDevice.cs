namespace NasLab.LatencyOracle.Latency;

/// <summary>Something that can run a model and report how long it takes.</summary>
public interface ILatencyDevice
{
    /// <summary>
    /// What cache keys and lookup tables are keyed by: the runtime ("onnxruntime 1.31.1") and, for a device other
    /// than this machine, which device. Results under different identities are different measurements.
    /// </summary>
    string Identity { get; }

    /// <summary>Where measurements run, for people and the trial store: <c>local</c> or the agents' addresses.</summary>
    string Name { get; }

    /// <summary>The machine the measurements run on.</summary>
    MachineDescription Machine { get; }

    /// <summary>Measures batch-1 latency of a serialized ONNX model under <paramref name="profile"/>.</summary>
    LatencyResult Measure(byte[] model, DeviceProfile profile);
}
