using NasLab.SearchSpace.Architecture;
using static NasLab.SearchSpace.Zoo.BlockNetworks;

namespace NasLab.SearchSpace.Zoo;

/// <summary>MnasNet-A1 and MnasNet-B1 (ReLU, head 1280), from the TF reference block tables.</summary>
public static class MnasNets
{
    private static HeadSpec Head => new() { ConvChannels = 1280, ConvActivation = Activation.ReLU, Dropout = 0.2 };

    public static BlockNetwork A1() => From("mnasnet-a1", Stem(32, Activation.ReLU), Head,
        "ds_r1_k3_s1_c16_noskip_relu",
        "ir_r2_k3_s2_e6_c24_relu",
        "ir_r3_k5_s2_e3_c40_se0.25_relu",
        "ir_r4_k3_s2_e6_c80_relu",
        "ir_r2_k3_s1_e6_c112_se0.25_relu",
        "ir_r3_k5_s2_e6_c160_se0.25_relu",
        "ir_r1_k3_s1_e6_c320_relu");

    public static BlockNetwork B1() => From("mnasnet-b1", Stem(32, Activation.ReLU), Head,
        "ds_r1_k3_s1_c16_noskip_relu",
        "ir_r3_k3_s2_e3_c24_relu",
        "ir_r3_k5_s2_e3_c40_relu",
        "ir_r3_k5_s2_e6_c80_relu",
        "ir_r2_k3_s1_e6_c96_relu",
        "ir_r4_k5_s2_e6_c192_relu",
        "ir_r1_k3_s1_e6_c320_relu");
}
