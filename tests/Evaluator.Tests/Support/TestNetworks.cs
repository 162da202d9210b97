using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Scaling;
using NasLab.SearchSpace.Zoo;

namespace NasLab.Evaluator.Tests;

/// <summary>Networks the training tests use, built from the zoo and the public scaling / adaptation functions.</summary>
public static class TestNetworks
{
    /// <summary>MobileNetV2 at a width multiplier, adapted to 32x32 inputs and 10 classes.</summary>
    public static BlockNetwork MobileNetV2Cifar(double width, CifarOptions? cifar = null) =>
        CifarAdaptation.Apply((BlockNetwork)NetworkScaling.Width(ModelZoo.Get("mobilenet-v2"), width), cifar) with { Name = $"mobilenet-v2-{width}-cifar" };

    /// <summary>A deliberately crippled network: one stage, 8 channels, no head conv. Proxy rankings must put it below a real one.</summary>
    public static BlockNetwork Crippled() => new()
    {
        Name = "crippled-1stage-w8",
        NumClasses = 10,
        InputResolution = 32,
        Stem = new StemSpec { Kernel = 3, Stride = 2, Channels = 8, Activation = Activation.ReLU },
        Stages = [new BlockSpec { Op = BlockOp.MBConv, Repeats = 1, Kernels = [3], Stride = 2, OutChannels = 8, Expansion = 1, Activation = Activation.ReLU }],
        Head = new HeadSpec(),
    };

    /// <summary>A small, fast network for plumbing tests (determinism, divergence, checkpoints): MobileNetV2 x0.25 keeping its strides.</summary>
    public static BlockNetwork Tiny() => MobileNetV2Cifar(0.25, new CifarOptions { UnstrideFirst = 0, StemStride = 2 }) with { Name = "tiny-mobilenet-v2" };
}
