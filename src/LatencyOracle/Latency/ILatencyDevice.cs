namespace NasLab.LatencyOracle.Latency;

/// <summary>Something that can run a model and report how long it takes.</summary>
public interface ILatencyDevice
{
    /// <summary>The runtime identity that goes into cache keys (e.g. "onnxruntime 1.31.1"); results
    /// from different runtimes are different measurements.</summary>
    string RuntimeVersion { get; }

    /// <summary>Measures batch-1 latency of a serialized ONNX model under <paramref name="profile"/>.</summary>
    LatencyResult Measure(byte[] model, DeviceProfile profile);
}
