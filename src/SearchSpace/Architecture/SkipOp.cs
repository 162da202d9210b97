namespace NasLab.SearchSpace.Architecture;

/// <summary>
/// The MnasNet "SkipOp" choice, applied to every repeat of a stage.
/// <see cref="Identity"/>: residual add only where input and output shapes match (stride 1, same channels).
/// <see cref="Pool"/>: always a shortcut; avg-pool (kernel = stride = s) when s &gt; 1, then a 1x1 conv + BN
/// when channel counts differ (ResNet-style projection), so it can be used on every repeat.
/// </summary>
public enum SkipOp { None, Identity, Pool }
