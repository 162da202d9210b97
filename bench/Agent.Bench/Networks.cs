using NasLab.LatencyOracle.Export;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Zoo;

namespace NasLab.Agent.Bench;

/// <summary>A zoo network at a chosen resolution, exported with random weights (latency does not depend on them).</summary>
internal sealed record BenchNetwork(string Label, NetworkArchitecture Net)
{
    public byte[] Export() => OnnxExporter.Export(Net);

    public static BenchNetwork Zoo(string name, int resolution) => new($"{name}@{resolution}", ModelZoo.Get(name) with { InputResolution = resolution });
}

internal static class Networks
{
    /// <summary>Different sizes and kinds of layers: a few MB to about 20 MB, a few ms to tens of ms on one thread.</summary>
    public static IReadOnlyList<BenchNetwork> Agreement() =>
    [
        BenchNetwork.Zoo("mobilenet-v2", 224),
        BenchNetwork.Zoo("mnasnet-a1", 224),
        BenchNetwork.Zoo("mixnet-s", 224),
        BenchNetwork.Zoo("mobilenet-v2", 96),
        BenchNetwork.Zoo("mobilenet-v1-0.25", 224),
    ];

    /// <summary>The smallest model that still is a real network: the fixed cost of a measurement, with almost nothing to transfer or run.</summary>
    public static BenchNetwork Tiny() =>
        new("mobilenet-v1-0.25@32 (10 classes)", ModelZoo.Get("mobilenet-v1-0.25") with { InputResolution = 32, NumClasses = 10 });
}
