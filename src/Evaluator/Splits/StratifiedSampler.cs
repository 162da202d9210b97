using NasLab.SearchSpace.Randomness;

namespace NasLab.Evaluator;

/// <summary>
/// Seeded, stratified selection of a given number of items from a pool: each class contributes its
/// share of the pool, rounded by the largest-remainder method so every class is within 1 of its exact
/// proportional share and the total is exact. Within a class, items are chosen by a Fisher-Yates
/// shuffle driven by a stream derived from (seed, class), so one class's choice does not depend on
/// the others and results are identical on every machine.
/// </summary>
public static class StratifiedSampler
{
    /// <summary>Splits <paramref name="pool"/> into (Selected, Remaining), both sorted ascending.</summary>
    /// <param name="labels">Labels of the whole dataset, indexed by the values in <paramref name="pool"/>.</param>
    public static (int[] Selected, int[] Remaining) Select(ReadOnlySpan<int> labels, IReadOnlyList<int> pool, int count, ulong seed)
    {
        if (count < 0 || count > pool.Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Cannot select {count} of {pool.Count} items.");

        // Group the pool by class, in pool order (sorted first so the result does not depend on how the caller ordered it).
        var sortedPool = pool.ToArray();
        Array.Sort(sortedPool);
        var byClass = new SortedDictionary<int, List<int>>();
        foreach (int index in sortedPool)
        {
            if ((uint)index >= (uint)labels.Length)
                throw new ArgumentOutOfRangeException(nameof(pool), index, $"Pool index outside the {labels.Length} labels.");
            int label = labels[index];
            if (!byClass.TryGetValue(label, out var list)) byClass[label] = list = [];
            list.Add(index);
        }

        var quotas = LargestRemainderQuotas(byClass.Values.Select(l => l.Count).ToArray(), count);
        var selected = new List<int>(count);
        var rest = new List<int>(pool.Count - count);
        int c = 0;
        foreach (var (label, members) in byClass)
        {
            var shuffled = members.ToArray();
            new Xoshiro256StarStar(SplitMix64.Derive(seed, 0x5EED_C1A55UL, (ulong)label)).Shuffle<int>(shuffled);
            selected.AddRange(shuffled.AsSpan(0, quotas[c]));
            rest.AddRange(shuffled.AsSpan(quotas[c]));
            c++;
        }
        var s = selected.ToArray();
        var r = rest.ToArray();
        Array.Sort(s);
        Array.Sort(r);
        return (s, r);
    }

    /// <summary>
    /// Apportions <paramref name="total"/> over groups proportionally to their sizes (Hamilton's method):
    /// floor of each exact share, then one more to the largest fractional parts (ties to the lower group index).
    /// </summary>
    public static int[] LargestRemainderQuotas(IReadOnlyList<int> groupSizes, int total)
    {
        long poolSize = groupSizes.Sum(s => (long)s);
        var quotas = new int[groupSizes.Count];
        if (poolSize == 0) return quotas;
        var remainders = new (long Remainder, int Group)[groupSizes.Count];
        int assigned = 0;
        for (int g = 0; g < groupSizes.Count; g++)
        {
            // Exact integer arithmetic: share = total * size / poolSize, remainder kept as a numerator.
            long numerator = (long)total * groupSizes[g];
            quotas[g] = (int)(numerator / poolSize);
            remainders[g] = (numerator % poolSize, g);
            assigned += quotas[g];
        }
        foreach (var (_, g) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Group).Take(total - assigned))
            quotas[g]++;
        return quotas;
    }
}
