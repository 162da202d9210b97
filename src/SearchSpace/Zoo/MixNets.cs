using NasLab.SearchSpace.Architecture;
using static NasLab.SearchSpace.Zoo.BlockNetworks;

namespace NasLab.SearchSpace.Zoo;

/// <summary>MixNet-S and MixNet-M (MixConv kernel groups, grouped 1x1s "a2"/"p2", head 1536).</summary>
public static class MixNets
{
    private static HeadSpec Head => new() { ConvChannels = 1536, ConvActivation = Activation.ReLU, Dropout = 0.2 };

    public static BlockNetwork S() => From("mixnet-s", Stem(16, Activation.ReLU), Head,
        "ds_r1_k3_s1_c16_relu",
        "ir_r1_k3_s2_e6_c24_a2_p2_relu",
        "ir_r1_k3_s1_e3_c24_a2_p2_relu",
        "ir_r1_k3.5.7_s2_e6_c40_se0.5_swish",
        "ir_r3_k3.5_s1_e6_c40_se0.5_a2_p2_swish",
        "ir_r1_k3.5.7_s2_e6_c80_se0.25_p2_swish",
        "ir_r2_k3.5_s1_e6_c80_se0.25_p2_swish",
        "ir_r1_k3.5.7_s1_e6_c120_se0.5_a2_p2_swish",
        "ir_r2_k3.5.7.9_s1_e3_c120_se0.5_a2_p2_swish",
        "ir_r1_k3.5.7.9.11_s2_e6_c200_se0.5_swish",
        "ir_r2_k3.5.7.9_s1_e6_c200_se0.5_p2_swish");

    public static BlockNetwork M() => From("mixnet-m", Stem(24, Activation.ReLU), Head,
        "ds_r1_k3_s1_c24_relu",
        "ir_r1_k3.5.7_s2_e6_c32_a2_p2_relu",
        "ir_r1_k3_s1_e3_c32_a2_p2_relu",
        "ir_r1_k3.5.7.9_s2_e6_c40_se0.5_swish",
        "ir_r3_k3.5_s1_e6_c40_se0.5_a2_p2_swish",
        "ir_r1_k3.5.7_s2_e6_c80_se0.25_swish",
        "ir_r3_k3.5.7.9_s1_e6_c80_se0.25_a2_p2_swish",
        "ir_r1_k3_s1_e6_c120_se0.5_swish",
        "ir_r3_k3.5.7.9_s1_e3_c120_se0.5_a2_p2_swish",
        "ir_r1_k3.5.7.9_s2_e6_c200_se0.5_swish",
        "ir_r3_k3.5.7.9_s1_e6_c200_se0.5_p2_swish");
}
