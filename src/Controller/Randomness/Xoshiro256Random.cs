using System.Numerics;

namespace NasLab.Controller.Randomness;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. Used by random search and evolution
/// instead of <see cref="System.Random"/> because its whole state is four integers that can be saved
/// and restored, which exact resumption of a search needs.
/// </summary>
public sealed class Xoshiro256Random
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256Random(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform integer in [0, <paramref name="exclusiveMax"/>), without modulo bias (rejection sampling).</summary>
    public int NextInt(int exclusiveMax)
    {
        if (exclusiveMax <= 0) throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "Must be positive.");
        var bound = (ulong)exclusiveMax;
        // Values below 2^64 mod bound would make the low residues slightly more likely: reject them.
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var r = NextUInt64();
            if (r >= threshold) return (int)(r % bound);
        }
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    public void SetState(IReadOnlyList<ulong> state)
    {
        if (state.Count != 4) throw new ArgumentException($"xoshiro256 state has 4 words, got {state.Count}.", nameof(state));
        if (state.All(w => w == 0)) throw new ArgumentException("xoshiro256 state must not be all zero.", nameof(state));
        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }
}
