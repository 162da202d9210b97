namespace NasLab.SearchSpace.Architecture;

/// <summary>Channel rounding rules shared by the mobile networks.</summary>
public static class Channels
{
    /// <summary>TF/timm make_divisible: nearest multiple of <paramref name="divisor"/>, never more than 10% below <paramref name="v"/>.</summary>
    public static int MakeDivisible(double v, int divisor = 8)
    {
        int n = Math.Max(divisor, (int)(v + divisor / 2.0) / divisor * divisor);
        if (n < 0.9 * v) n += divisor;
        return n;
    }

    /// <summary>Split <paramref name="total"/> channels into <paramref name="groups"/> equal parts, remainder to the first (MixConv).</summary>
    public static int[] Split(int total, int groups)
    {
        var parts = Enumerable.Repeat(total / groups, groups).ToArray();
        parts[0] += total - parts.Sum();
        return parts;
    }
}
