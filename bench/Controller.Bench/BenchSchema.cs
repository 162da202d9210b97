using NasLab.SearchSpace.Schema;

namespace NasLab.Controller.Bench;

public static class BenchSchema
{
    /// <summary>MnasNet-shaped: 7 blocks x {ConvOp 3, KernelSize 2, SE ratio 2, SkipOp 3, filters 3, layers 3, expansion 2}.</summary>
    public static DecisionSchema MnasNetShaped()
    {
        (string Kind, int Count)[] fields = [("conv_op", 3), ("kernel", 2), ("se_ratio", 2), ("skip_op", 3), ("filters", 3), ("layers", 3), ("expansion", 2)];
        var decisions = new List<Decision>();
        for (int b = 1; b <= 7; b++)
            foreach (var (kind, count) in fields)
                decisions.Add(new Decision($"block{b}.{kind}", kind, Enumerable.Range(0, count).Select(i => i.ToString()).ToList()));
        return new DecisionSchema(decisions);
    }
}
