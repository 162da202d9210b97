using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Scaling;
using static NasLab.SearchSpace.Zoo.BlockNetworks;

namespace NasLab.SearchSpace.Zoo;

/// <summary>MobileNetV1, V2, V3-Large, V3-Small.</summary>
public static class MobileNets
{
    /// <summary>
    /// MobileNetV1 with width multiplier alpha (channels int(c * alpha)) at the given resolution.
    /// <paramref name="classifier"/> = Conv1x1 gives the Keras classifier (1x1 conv with bias), same cost as linear.
    /// </summary>
    public static BlockNetwork V1(double alpha = 1.0, int resolution = 224, int numClasses = 1000,
        ClassifierKind classifier = ClassifierKind.Linear)
    {
        var baseNet = From("mobilenet-v1", Stem(32, Activation.ReLU), new HeadSpec { Classifier = classifier },
            "ds_r1_k3_s1_c64_noskip_pwact_relu",
            "ds_r1_k3_s2_c128_noskip_pwact_relu",
            "ds_r1_k3_s1_c128_noskip_pwact_relu",
            "ds_r1_k3_s2_c256_noskip_pwact_relu",
            "ds_r1_k3_s1_c256_noskip_pwact_relu",
            "ds_r1_k3_s2_c512_noskip_pwact_relu",
            "ds_r5_k3_s1_c512_noskip_pwact_relu",
            "ds_r1_k3_s2_c1024_noskip_pwact_relu",
            "ds_r1_k3_s1_c1024_noskip_pwact_relu");
        var scaled = (BlockNetwork)NetworkScaling.Width(baseNet, alpha, ChannelRounding.Truncate);
        return scaled with
        {
            Name = $"mobilenet-v1-{alpha.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture)}",
            InputResolution = resolution,
            NumClasses = numClasses,
        };
    }

    public static BlockNetwork V2() => From("mobilenet-v2", Stem(32, Activation.ReLU6),
        new HeadSpec { ConvChannels = 1280, ConvActivation = Activation.ReLU6, Dropout = 0.2 },
        "ir_r1_k3_s1_e1_c16_relu6",
        "ir_r2_k3_s2_e6_c24_relu6",
        "ir_r3_k3_s2_e6_c32_relu6",
        "ir_r4_k3_s2_e6_c64_relu6",
        "ir_r3_k3_s1_e6_c96_relu6",
        "ir_r3_k3_s2_e6_c160_relu6",
        "ir_r1_k3_s1_e6_c320_relu6");

    /// <summary>MobileNetV3-Large: explicit expanded widths, V3-style SE (hse0.25), hidden 1280 linear with hard-swish.</summary>
    public static BlockNetwork V3Large() => From("mobilenet-v3-large", Stem(16, Activation.HardSwish),
        new HeadSpec { ConvChannels = 960, ConvActivation = Activation.HardSwish, HiddenFeatures = 1280, HiddenActivation = Activation.HardSwish, Dropout = 0.2 },
        "ir_r1_k3_s1_x16_c16_relu",
        "ir_r1_k3_s2_x64_c24_relu",
        "ir_r1_k3_s1_x72_c24_relu",
        "ir_r1_k5_s2_x72_c40_hse0.25_relu",
        "ir_r2_k5_s1_x120_c40_hse0.25_relu",
        "ir_r1_k3_s2_x240_c80_hswish",
        "ir_r1_k3_s1_x200_c80_hswish",
        "ir_r2_k3_s1_x184_c80_hswish",
        "ir_r1_k3_s1_x480_c112_hse0.25_hswish",
        "ir_r1_k3_s1_x672_c112_hse0.25_hswish",
        "ir_r1_k5_s2_x672_c160_hse0.25_hswish",
        "ir_r2_k5_s1_x960_c160_hse0.25_hswish");

    /// <summary>
    /// MobileNetV3-Small (torchvision mobilenet_v3_small): the first block has no expand conv
    /// (expanded = input = 16) but SE; head 1x1 conv to 576, hidden 1024 linear with hard-swish.
    /// </summary>
    public static BlockNetwork V3Small() => From("mobilenet-v3-small", Stem(16, Activation.HardSwish),
        new HeadSpec { ConvChannels = 576, ConvActivation = Activation.HardSwish, HiddenFeatures = 1024, HiddenActivation = Activation.HardSwish, Dropout = 0.2 },
        "ir_r1_k3_s2_x16_c16_hse0.25_relu",
        "ir_r1_k3_s2_x72_c24_relu",
        "ir_r1_k3_s1_x88_c24_relu",
        "ir_r1_k5_s2_x96_c40_hse0.25_hswish",
        "ir_r2_k5_s1_x240_c40_hse0.25_hswish",
        "ir_r1_k5_s1_x120_c48_hse0.25_hswish",
        "ir_r1_k5_s1_x144_c48_hse0.25_hswish",
        "ir_r1_k5_s2_x288_c96_hse0.25_hswish",
        "ir_r2_k5_s1_x576_c96_hse0.25_hswish");
}
