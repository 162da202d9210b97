using NasLab.SearchSpace.Schema;
using NasLab.SearchSpace.Randomness;

namespace NasLab.Controller.Strategies;

/// <summary>Uniform sampling and single-decision mutation over a <see cref="DecisionSchema"/>.</summary>
internal static class SchemaSampling
{
    /// <summary>Each decision drawn uniformly and independently.</summary>
    public static int[] Uniform(DecisionSchema schema, Xoshiro256StarStar rng)
    {
        var d = new int[schema.Length];
        for (int i = 0; i < d.Length; i++) d[i] = rng.NextInt(schema[i].Count);
        return d;
    }

    /// <summary>
    /// Copy of <paramref name="parent"/> with one decision, chosen uniformly among those that have an
    /// alternative, changed uniformly to a different choice (Real et al. 2019 always mutate, never copy).
    /// Returns an unchanged copy only when no decision has two or more choices.
    /// </summary>
    public static int[] MutateOne(DecisionSchema schema, int[] parent, Xoshiro256StarStar rng)
    {
        var child = (int[])parent.Clone();
        var mutable = new List<int>();
        for (int i = 0; i < schema.Length; i++)
            if (schema[i].Count > 1) mutable.Add(i);
        if (mutable.Count == 0) return child;
        var at = mutable[rng.NextInt(mutable.Count)];
        // Draw from the count - 1 other values, then skip over the current one.
        var v = rng.NextInt(schema[at].Count - 1);
        child[at] = v >= parent[at] ? v + 1 : v;
        return child;
    }
}
