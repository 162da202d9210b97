namespace NasLab.SearchSpace.Cells;

/// <summary>Short names used in cell strings and decision choices, and op properties the cost model needs.</summary>
public static class CellOps
{
    private static readonly (CellOp Op, string Name)[] Names =
    [
        (CellOp.Identity, "identity"), (CellOp.Conv1x3Then3x1, "conv1x3_3x1"), (CellOp.Conv1x7Then7x1, "conv1x7_7x1"),
        (CellOp.DilConv3x3, "dil3x3"), (CellOp.AvgPool3x3, "avg3x3"), (CellOp.MaxPool3x3, "max3x3"),
        (CellOp.MaxPool5x5, "max5x5"), (CellOp.MaxPool7x7, "max7x7"), (CellOp.Conv1x1, "conv1x1"),
        (CellOp.Conv3x3, "conv3x3"), (CellOp.SepConv3x3, "sep3x3"), (CellOp.SepConv5x5, "sep5x5"), (CellOp.SepConv7x7, "sep7x7"),
    ];

    public static IReadOnlyList<CellOp> NasNet { get; } = Enum.GetValues<CellOp>();
    public static IReadOnlyList<CellOp> Enas { get; } =
        [CellOp.Identity, CellOp.SepConv3x3, CellOp.SepConv5x5, CellOp.AvgPool3x3, CellOp.MaxPool3x3];

    public static string Name(CellOp op) => Names.First(n => n.Op == op).Name;
    public static string AllowedNames => string.Join(", ", Names.Select(n => n.Name));

    public static CellOp Parse(string name, string field) =>
        Names.FirstOrDefault(n => n.Name == name) is { Name: not null } hit
            ? hit.Op
            : throw new FormatException($"{field}: unknown cell op '{name}'; allowed: {AllowedNames}.");

    public static bool IsPool(CellOp op) => op is CellOp.AvgPool3x3 or CellOp.MaxPool3x3 or CellOp.MaxPool5x5 or CellOp.MaxPool7x7;

    public static int Kernel(CellOp op) => op switch
    {
        CellOp.SepConv3x3 or CellOp.Conv3x3 or CellOp.DilConv3x3 or CellOp.AvgPool3x3 or CellOp.MaxPool3x3 or CellOp.Conv1x3Then3x1 => 3,
        CellOp.SepConv5x5 or CellOp.MaxPool5x5 => 5,
        CellOp.SepConv7x7 or CellOp.MaxPool7x7 or CellOp.Conv1x7Then7x1 => 7,
        _ => 1,
    };
}
