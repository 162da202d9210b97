using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Scaling;
using NasLab.SearchSpace.Zoo;

namespace NasLab.Evaluator.Bench;

/// <summary>The benchmarked child: MobileNetV2 at width 0.5, adapted to 32x32 CIFAR input and 10 classes.</summary>
internal static class BenchNetwork
{
    public static BlockNetwork MobileNetV2HalfCifar() =>
        CifarAdaptation.Apply((BlockNetwork)NetworkScaling.Width(ModelZoo.Get("mobilenet-v2"), 0.5)) with { Name = "mobilenet-v2-0.5-cifar" };
}
