using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Blocks;

/// <summary>The depthwise stage "dw" of separable and MBConv blocks: one kernel = depthwise conv, several = MixConv.</summary>
public static class Depthwise
{
    public static DepthwisePart Part(BlockSpec b, int channels, int stride) => new("dw", channels, b.Kernels, stride, b.Activation);
}
