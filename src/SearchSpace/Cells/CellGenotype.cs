using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Cells;

/// <summary>
/// A cell: its blocks and the states concatenated into its output. Concat is explicit because the
/// published NASNet-A cells do not follow a single "unused states" rule (the reduction cell outputs
/// b2 although block 4 reads it; the normal cell outputs prev although blocks read it).
/// </summary>
public sealed record CellGenotype
{
    public ValueList<CellBlock> Blocks { get; init; } = ValueList<CellBlock>.Empty;
    public ValueList<int> Concat { get; init; } = ValueList<int>.Empty;

    public const int Prev = 0, Cur = 1;
    public static int BlockState(int block) => block + 2;

    public static string StateName(int s) => s switch { Prev => "prev", Cur => "cur", _ => $"b{s - 1}" };

    /// <summary>Blocks whose output no later block reads (ENAS / NASNet "loose ends").</summary>
    public static IEnumerable<int> LooseEnds(IReadOnlyList<CellBlock> blocks)
    {
        var used = blocks.SelectMany(b => new[] { b.Input1, b.Input2 }).ToHashSet();
        return Enumerable.Range(0, blocks.Count).Select(BlockState).Where(s => !used.Contains(s));
    }
}
