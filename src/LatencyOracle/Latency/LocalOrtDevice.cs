using Microsoft.ML.OnnxRuntime;
using NasLab.LatencyOracle.Runtime;

namespace NasLab.LatencyOracle.Latency;

/// <summary>Measures latency on this machine's CPU with ONNX Runtime.</summary>
public sealed class LocalOrtDevice : ILatencyDevice
{
    private readonly LatencyMeter _meter;

    public LocalOrtDevice(MeasurementProtocol? protocol = null)
    {
        _meter = new LatencyMeter(protocol);
    }

    public string RuntimeVersion => $"onnxruntime {SessionFactory.RuntimeVersion}";

    public LatencyResult Measure(byte[] model, DeviceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(model);
        profile.Validated();
        using var session = SessionFactory.Create(model, profile.ToSessionSettings());
        var inputs = MeasurementInputs.Create(session.InputMetadata, profile);
        using var bound = new BoundInputs(inputs);
        using var runOptions = new RunOptions();
        var outputNames = session.OutputNames;
        var values = bound.Values;
        // Outputs are allocated by ORT each run and freed unread, as a deployed model's caller would.
        var statistics = _meter.Measure(() =>
        {
            using var outputs = session.Run(runOptions, values, outputNames);
        });
        var shapes = string.Join(" ", inputs.Select(kv => $"{kv.Key}[{string.Join(",", kv.Value.Shape)}]"));
        return new LatencyResult(ModelHash.Sha256(model), profile.CacheKey, RuntimeVersion, shapes, statistics,
            MachineDescription.Current, DateTimeOffset.UtcNow);
    }
}
