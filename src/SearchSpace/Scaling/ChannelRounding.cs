namespace NasLab.SearchSpace.Scaling;

/// <summary>How scaled channel counts are rounded.</summary>
public enum ChannelRounding
{
    /// <summary>make_divisible(c * w, 8) (MobileNetV2/V3, MnasNet, EfficientNet, MixNet).</summary>
    MakeDivisible8,
    /// <summary>int(c * w) (MobileNetV1).</summary>
    Truncate,
}
