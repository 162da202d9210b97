namespace NasLab.SearchSpace.Randomness;

/// <summary>
/// xoshiro256** 1.0 (Blackman, Vigna), seeded through SplitMix64 as its authors recommend: the
/// host-side random stream of NasLab (data order and splits, random search, evolution). Unlike
/// System.Random its algorithm is fixed, so a seed gives the same numbers on every runtime, and its
/// whole state is four integers that can be saved and restored for exact resumption.
/// A reference type so it can be shared by helpers without accidental struct copies.
/// </summary>
public sealed class Xoshiro256StarStar : IRandomWords
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        var sm = new SplitMix64(seed);
        _s0 = sm.NextUInt64();
        _s1 = sm.NextUInt64();
        _s2 = sm.NextUInt64();
        _s3 = sm.NextUInt64();
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform integer in [0, bound), unbiased (see <see cref="BoundedInt"/>).</summary>
    public int NextInt(int bound)
    {
        var self = this;
        return BoundedInt.Next(ref self, bound);
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

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
