namespace NasLab.SearchSpace.Randomness;

/// <summary>A source of uniform 64-bit words.</summary>
public interface IRandomWords
{
    ulong NextUInt64();
}

/// <summary>Uniform integers in a range from any word source, shared by every generator.</summary>
public static class BoundedInt
{
    /// <summary>
    /// Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject: unlike modulo, no
    /// residue is favoured, and only rare draws are rejected). The source is passed by reference so
    /// a struct generator advances in place.
    /// </summary>
    public static int Next<T>(ref T source, int bound) where T : IRandomWords
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "Bound must be positive.");
        ulong b = (ulong)bound;
        ulong hi = Math.BigMul(source.NextUInt64(), b, out ulong lo);
        if (lo < b)
        {
            ulong threshold = (0UL - b) % b;
            while (lo < threshold)
                hi = Math.BigMul(source.NextUInt64(), b, out lo);
        }
        return (int)hi;
    }
}
