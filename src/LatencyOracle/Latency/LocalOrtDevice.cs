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

    /// <summary>What this machine's results are keyed by: the runtime alone, since the cache directory is per machine.</summary>
    public static string LocalIdentity => $"onnxruntime {SessionFactory.RuntimeVersion}";

    public string Identity => LocalIdentity;

    public string Name => LocalName;

    /// <summary>The <see cref="Name"/> of this machine's device, as results and trials record it.</summary>
    public const string LocalName = "local";

    public MachineDescription Machine => MachineDescription.Current;

    public LatencyResult Measure(byte[] model, DeviceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(model);
        profile.Validated();
        using var session = SessionFactory.Create(model, profile.ToSessionSettings());
        var inputs = MeasurementInputs.Create(session.InputMetadata, profile);
        using var bound = new BoundInputs(inputs);
        using var runOptions = new RunOptions();
        // Inputs and outputs are bound once, so each timed run is one native call with no managed
        // marshalling of names or values; ORT allocates the outputs on the CPU each run, as a
        // deployed model's caller would have it do.
        using var binding = session.CreateIoBinding();
        foreach (var (name, value) in bound.Values)
            binding.BindInput(name, value);
        foreach (var name in session.OutputNames)
            binding.BindOutputToDevice(name, OrtMemoryInfo.DefaultInstance);
        var statistics = _meter.Measure(() => session.RunWithBinding(runOptions, binding));
        var shapes = string.Join(" ", inputs.Select(kv => $"{kv.Key}[{string.Join(",", kv.Value.Shape)}]"));
        return new LatencyResult(ModelHash.Sha256(model), profile.CacheKey, LocalIdentity, shapes, statistics,
            MachineDescription.Current, DateTimeOffset.UtcNow);
    }
}
