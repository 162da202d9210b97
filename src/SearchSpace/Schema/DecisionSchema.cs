namespace NasLab.SearchSpace.Schema;

/// <summary>
/// The ordered list of decisions a search space asks for. An architecture sample is an
/// <c>int[]</c> with one choice index per decision, in this order.
/// </summary>
public sealed class DecisionSchema
{
    public DecisionSchema(IReadOnlyList<Decision> decisions)
    {
        if (decisions.Count == 0) throw new ArgumentException("A decision schema needs at least one decision.", nameof(decisions));
        foreach (var d in decisions)
            if (d.Count == 0) throw new ArgumentException($"Decision '{d.Name}' has an empty choice list.", nameof(decisions));
        Decisions = decisions;
        // Kinds in first-appearance order, with the choice count every decision of that kind must share.
        var kinds = new List<string>();
        var sizes = new Dictionary<string, int>();
        foreach (var d in decisions)
        {
            if (sizes.TryGetValue(d.Kind, out var n))
            {
                if (n != d.Count)
                    throw new ArgumentException($"Decision '{d.Name}' of kind '{d.Kind}' has {d.Count} choices but earlier decisions of that kind have {n}.", nameof(decisions));
            }
            else { sizes[d.Kind] = d.Count; kinds.Add(d.Kind); }
        }
        Kinds = kinds;
        KindSizes = sizes;
    }

    public IReadOnlyList<Decision> Decisions { get; }
    public IReadOnlyList<string> Kinds { get; }
    public IReadOnlyDictionary<string, int> KindSizes { get; }
    public int Length => Decisions.Count;
    public Decision this[int i] => Decisions[i];

    /// <summary>Number of distinct decision vectors (product of choice counts), as a double since it overflows long quickly.</summary>
    public double Cardinality => Decisions.Aggregate(1.0, (acc, d) => acc * d.Count);

    /// <summary>Exact number of distinct decision vectors.</summary>
    public System.Numerics.BigInteger ExactCardinality => Decisions.Aggregate(System.Numerics.BigInteger.One, (acc, d) => acc * d.Count);

    /// <summary>Throws with the decision name and allowed range if <paramref name="choices"/> does not fit the schema.</summary>
    public void Validate(IReadOnlyList<int> choices)
    {
        if (choices.Count != Length)
            throw new ArgumentException($"Expected {Length} decisions, got {choices.Count}.");
        for (int i = 0; i < Length; i++)
            if (choices[i] < 0 || choices[i] >= Decisions[i].Count)
                throw new ArgumentException($"Decision '{Decisions[i].Name}' = {choices[i]} is out of range; allowed 0..{Decisions[i].Count - 1} ({string.Join(", ", Decisions[i].Choices)}).");
    }
}
