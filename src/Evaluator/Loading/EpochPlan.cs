using NasLab.SearchSpace.Randomness;

namespace NasLab.Evaluator;

/// <summary>
/// The sample order and batch boundaries of one epoch, and the random stream of each sample. Everything
/// is derived from (seed, epoch, dataset index) only, so batches are identical whatever the prefetch
/// depth, thread timing or order of assembly.
/// </summary>
internal sealed class EpochPlan
{
    private const ulong ShuffleStream = 0x5_4F_FF_1E;
    private const ulong AugmentStream = 0xA_0C_3E_47;

    public int[] Order { get; }
    public int BatchSize { get; }
    public int BatchCount { get; }

    public EpochPlan(IReadOnlyList<int> indices, int batchSize, bool shuffle, bool dropLast, ulong seed, int epoch)
    {
        Order = indices.ToArray();
        if (shuffle) new Xoshiro256StarStar(SplitMix64.Derive(seed, ShuffleStream, (ulong)epoch)).Shuffle<int>(Order);
        BatchSize = batchSize;
        BatchCount = dropLast ? Order.Length / batchSize : (Order.Length + batchSize - 1) / batchSize;
    }

    public ReadOnlySpan<int> BatchSamples(int batch)
    {
        int start = batch * BatchSize;
        return Order.AsSpan(start, Math.Min(BatchSize, Order.Length - start));
    }

    /// <summary>The random stream for one sample in one epoch, keyed by its dataset index (not its position).</summary>
    public static SplitMix64 SampleRandom(ulong seed, int epoch, int datasetIndex) =>
        new(SplitMix64.Derive(seed, AugmentStream, (ulong)epoch, (ulong)datasetIndex));
}
