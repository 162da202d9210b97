namespace NasLab.SearchSpace.Architecture;

/// <summary>First conv + BN + act. Padding is "same" (k/2), so the output side is ceil(in / stride).</summary>
public sealed record StemSpec
{
    public int Kernel { get; init; } = 3;
    public int Stride { get; init; } = 2;
    public int Channels { get; init; } = 32;
    public Activation Activation { get; init; } = Activation.ReLU;
}
