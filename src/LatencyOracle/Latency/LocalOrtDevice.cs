using NasLab.LatencyOracle.Native;
using NasLab.LatencyOracle.Runtime;

namespace NasLab.LatencyOracle.Latency;

/// <summary>Measures latency on this machine's CPU with ONNX Runtime.</summary>
public sealed class LocalOrtDevice : ILatencyDevice
{
    private readonly OrtRuntime _runtime;
    private readonly LatencyMeter _meter;

    public LocalOrtDevice(MeasurementProtocol? protocol = null, OrtRuntime? runtime = null)
    {
        _runtime = runtime ?? OrtRuntime.Shared;
        _meter = new LatencyMeter(protocol);
    }

    public string RuntimeVersion => $"onnxruntime {_runtime.VersionString}";

    public LatencyResult Measure(byte[] model, DeviceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(model);
        profile.Validated();
        using var session = InferenceSession.Create(model, profile.ToSessionSettings(), _runtime);
        var inputs = MeasurementInputs.Create(session.Inputs, profile);
        using var bound = session.Bind(inputs);
        var statistics = _meter.Measure(() => session.RunDiscardingOutputs(bound));
        var shapes = string.Join(" ", inputs.Select(kv => $"{kv.Key}[{string.Join(",", kv.Value.Shape)}]"));
        return new LatencyResult(ModelHash.Sha256(model), profile.CacheKey, RuntimeVersion, shapes, statistics,
            MachineDescription.Current, DateTimeOffset.UtcNow);
    }
}
