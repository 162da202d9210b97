using NasLab.SearchSpace.Schema;

namespace NasLab.Controller.Tests.Support;

public static class Schemas
{
    /// <summary>
    /// Shaped like MnasNet's factorized space: 7 blocks x {ConvOp 3, KernelSize 2, SE ratio 2, SkipOp 3,
    /// filters 3, layers 3, expansion 2}, each field one kind shared across blocks (49 decisions).
    /// </summary>
    public static DecisionSchema MnasNetShaped()
    {
        (string Kind, string[] Choices)[] fields =
        [
            ("conv_op", ["conv", "dwconv", "mbconv"]),
            ("kernel", ["3", "5"]),
            ("se_ratio", ["0", "0.25"]),
            ("skip_op", ["none", "pool", "identity"]),
            ("filters", ["0.75", "1.0", "1.25"]),
            ("layers", ["-1", "0", "+1"]),
            ("expansion", ["3", "6"]),
        ];
        var decisions = new List<Decision>();
        for (int b = 1; b <= 7; b++)
            foreach (var (kind, choices) in fields)
                decisions.Add(new Decision($"block{b}.{kind}", kind, choices));
        return new DecisionSchema(decisions);
    }

    /// <summary>A fixed target for the planted-optimum tests: a deterministic, non-constant pattern.</summary>
    public static int[] PlantedTarget(DecisionSchema schema) =>
        Enumerable.Range(0, schema.Length).Select(i => (i * 7 + i / 3) % schema[i].Count).ToArray();

    public static DecisionSchema Small(params int[] counts) =>
        new(counts.Select((n, i) => new Decision($"d{i}", $"k{n}", Enumerable.Range(0, n).Select(c => c.ToString()).ToList())).ToList());
}
