using NasLab.SearchSpace.Cells;

namespace NasLab.SearchSpace.Spaces;

/// <summary>
/// Options of a NASNet-style cell space. <see cref="Template"/> supplies everything except the two cells
/// (N, F, stem, classes, resolution). Concat rule: loose-end blocks (read by no other block), plus h_{i-1} in
/// normal cells when <see cref="NormalConcatIncludesPrev"/> (TF NASNet convention); or explicit state lists.
/// </summary>
public sealed record CellSpaceOptions
{
    public string Name { get; init; } = "nasnet";
    /// <summary>Op names, see <see cref="CellOps"/>: identity, conv1x3_3x1, conv1x7_7x1, dil3x3, avg3x3, max3x3, max5x5, max7x7, conv1x1, conv3x3, sep3x3, sep5x5, sep7x7.</summary>
    public IReadOnlyList<string> Ops { get; init; } = CellOps.NasNet.Select(CellOps.Name).ToList();
    public int Blocks { get; init; } = 5;
    public CellNetwork Template { get; init; } = Zoo.NasNets.Cifar() with { Name = "nasnet-sample" };
    public bool NormalConcatIncludesPrev { get; init; } = true;
    /// <summary>Explicit output states of the normal cell (prev, cur, b1..), overriding the rule.</summary>
    public IReadOnlyList<string>? NormalConcat { get; init; }
    public IReadOnlyList<string>? ReductionConcat { get; init; }

    public static CellSpaceOptions NasNet { get; } = new();

    /// <summary>ENAS micro space: 5 ops, loose ends only.</summary>
    public static CellSpaceOptions Enas { get; } = new()
    {
        Name = "enas",
        Ops = CellOps.Enas.Select(CellOps.Name).ToList(),
        NormalConcatIncludesPrev = false,
        Template = Zoo.NasNets.Cifar() with { Name = "enas-sample" },
    };
}
