using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Scaling;
using static NasLab.SearchSpace.Zoo.BlockNetworks;

namespace NasLab.SearchSpace.Zoo;

/// <summary>EfficientNet-B0 and its compound-scaled B1..B7 (published coefficients).</summary>
/// <remarks>
/// Stage 6 has 192 channels as in the EfficientNet paper (Table 1) and timm/torchvision; the block table in
/// ARCHITECTURES.md says 160, which gives 4,577,092 params instead of the published 5,288,548.
/// </remarks>
public static class EfficientNets
{
    public static BlockNetwork B0() => From("efficientnet-b0", Stem(32, Activation.Swish),
        new HeadSpec { ConvChannels = 1280, ConvActivation = Activation.Swish, Dropout = 0.2 },
        "ir_r1_k3_s1_e1_c16_se0.25_swish",
        "ir_r2_k3_s2_e6_c24_se0.25_swish",
        "ir_r2_k5_s2_e6_c40_se0.25_swish",
        "ir_r3_k3_s2_e6_c80_se0.25_swish",
        "ir_r3_k5_s1_e6_c112_se0.25_swish",
        "ir_r4_k5_s2_e6_c192_se0.25_swish",
        "ir_r1_k3_s1_e6_c320_se0.25_swish");

    public static BlockNetwork B(int index) => CompoundScaling.EfficientNet(B0(), index);
}
