namespace NasLab.SearchSpace.Architecture;

/// <summary>How the squeeze-and-excitation reduction width, activation and gate are chosen.</summary>
public enum SeStyle
{
    /// <summary>MnasNet / EfficientNet / MixNet: r = max(1, int(block_in * ratio)), block activation, sigmoid gate.</summary>
    Block,
    /// <summary>MobileNetV3: r = make_divisible(expanded * ratio), ReLU, hard-sigmoid gate.</summary>
    HardSigmoid,
}
