using NasLab.LatencyOracle.Export;
using NasLab.LatencyOracle.Latency;
using NasLab.SearchSpace.Zoo;

namespace NasLab.DeviceAgent.Tests.Support;

/// <summary>What the agent tests measure: a short protocol and a small real model.</summary>
internal static class AgentSamples
{
    public static readonly MeasurementProtocol Quick = new(WarmupRuns: 2, MinRuns: 5, MaxRuns: 5, TimeCap: TimeSpan.FromSeconds(10));

    private static readonly Lazy<byte[]> Model = new(() => OnnxExporter.Export(ModelZoo.Get("mobilenet-v2") with { InputResolution = 32 }));

    /// <summary>MobileNetV2 at 32x32 (its ONNX export with stand-in weights).</summary>
    public static byte[] SmallModel => Model.Value;
}
