namespace NasLab.SearchSpace.Randomness;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014). Used to seed <see cref="Xoshiro256StarStar"/> and to
/// derive independent sub-seeds. We implement it ourselves because System.Random's algorithm is
/// not part of its contract and may change between runtimes; splits and augmentation must be
/// identical on every machine for a given seed.
/// </summary>
public struct SplitMix64 : IRandomWords
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong NextUInt64()
    {
        _state += Gamma;
        return Mix(_state);
    }

    /// <summary>
    /// Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject). Used for the cheap
    /// per-sample augmentation streams, where a full xoshiro state would be wasted.
    /// </summary>
    public int NextInt(int bound) => BoundedInt.Next(ref this, bound);

    /// <summary>The SplitMix64 output finalizer (a strong 64-bit bit mixer).</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// Derives a sub-seed from a seed and a list of keys (e.g. epoch, sample index), so that each
    /// (seed, keys) pair gets its own independent stream regardless of evaluation order.
    /// </summary>
    public static ulong Derive(ulong seed, ulong key1) => Mix(Mix(seed + Gamma) ^ (key1 * Gamma + 1));

    public static ulong Derive(ulong seed, ulong key1, ulong key2) => Derive(Derive(seed, key1), key2);

    public static ulong Derive(ulong seed, ulong key1, ulong key2, ulong key3) => Derive(Derive(seed, key1, key2), key3);
}
