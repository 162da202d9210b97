namespace NasLab.Evaluator;

/// <summary>How a <see cref="BatchLoader"/> assembles batches.</summary>
/// <param name="BatchSize">Samples per batch.</param>
/// <param name="Normalization">Per-channel statistics; must match the output channel count.</param>
/// <param name="Seed">Seeds the per-epoch shuffle and per-sample augmentation.</param>
/// <param name="Shuffle">Reorder samples each epoch (training); off for evaluation.</param>
/// <param name="DropLast">Drop the final short batch (keeps batch-norm statistics stable).</param>
/// <param name="PrefetchDepth">Batches assembled ahead of the consumer (bounded queue).</param>
/// <param name="Augmentation">Null for none (evaluation).</param>
/// <param name="Geometry">Output shape; null = the dataset's own.</param>
public sealed record BatchLoaderOptions(
    int BatchSize,
    ChannelNormalization Normalization,
    ulong Seed = 0,
    bool Shuffle = true,
    bool DropLast = false,
    int PrefetchDepth = 2,
    AugmentationOptions? Augmentation = null,
    SampleGeometry? Geometry = null);
