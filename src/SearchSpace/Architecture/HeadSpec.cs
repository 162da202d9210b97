namespace NasLab.SearchSpace.Architecture;

/// <summary>
/// Head after the last stage: optional 1x1 conv + BN + act, global average pool, optional hidden linear
/// (MobileNetV3's 1280: bias, activation, no BN), dropout, classifier (weights + bias).
/// </summary>
public sealed record HeadSpec
{
    /// <summary>Width of the 1x1 conv before pooling; null = pool the last stage directly (MobileNetV1).</summary>
    public int? ConvChannels { get; init; }
    public Activation ConvActivation { get; init; } = Activation.ReLU;
    public int? HiddenFeatures { get; init; }
    public Activation HiddenActivation { get; init; } = Activation.HardSwish;
    public double Dropout { get; init; }
    public ClassifierKind Classifier { get; init; } = ClassifierKind.Linear;
}
