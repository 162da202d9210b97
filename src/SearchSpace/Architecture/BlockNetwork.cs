namespace NasLab.SearchSpace.Architecture;

/// <summary>Stem, stages of repeated blocks, head: MobileNet / MnasNet / EfficientNet / MixNet family.</summary>
public sealed record BlockNetwork : NetworkArchitecture
{
    public StemSpec Stem { get; init; } = new();
    public ValueList<BlockSpec> Stages { get; init; } = ValueList<BlockSpec>.Empty;
    public HeadSpec Head { get; init; } = new();

    /// <summary>Output channels of the last stage with at least one repeat (the stem if none).</summary>
    public int LastStageChannels => Stages.LastOrDefault(s => s.Repeats > 0)?.OutChannels ?? Stem.Channels;
}
