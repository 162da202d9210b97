using System.Text;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Text;
using static NasLab.Cli.Export.CodeText;

namespace NasLab.Cli.Export;

/// <summary>
/// The class body of an exported NASNet / ENAS cell network: the two genotypes as readable tables, children
/// (stem, stem_cells, reduction_cells, cells, head) as the builder names them, one constructor line per cell
/// saying which outputs it reads, and a forward that wires the cells in the builder's order.
/// </summary>
internal static class CSharpCellNetworkWriter
{
    public static void WriteBody(StringBuilder sb, CellNetwork net, string className)
    {
        var schedule = CellSchedule.Of(net);
        bool imageNet = net.Stem == CellStem.ImageNet;
        int states = Math.Max(net.Normal.Blocks.Count, net.Reduction.Blocks.Count) + 2;
        sb.Append("    // Cell states: Prev = h_(i-1), Cur = h_i, Bk = output of block k.\n");
        sb.Append("    private const int ").Append(string.Join(", ", Enumerable.Range(0, states).Select(s => $"{StateConstant(s)} = {Int(s)}"))).Append(";\n\n");
        WriteGenotype(sb, "NormalCell", "Normal cell", net.Normal);
        WriteGenotype(sb, "ReductionCell", "Reduction cell", net.Reduction);

        sb.Append("    // Children, named as naslab's builder names them, so its weights load strictly.\n");
        sb.Append("    private readonly ConvBn stem;\n");
        if (imageNet) sb.Append("    private readonly ModuleList<Cell> ").Append(CellSchedule.StemCells).Append(" = new();\n");
        sb.Append("    private readonly ModuleList<Cell> ").Append(CellSchedule.ReductionCells).Append(" = new();\n");
        sb.Append("    private readonly ModuleList<Cell> ").Append(CellSchedule.NormalCells).Append(" = new();\n");
        sb.Append("    private readonly CellHead head;\n\n");

        sb.Append("    public ").Append(className).Append("() : base(nameof(").Append(className).Append("))\n    {\n");
        int r = net.InputResolution;
        int stemSide = imageNet ? (r - 3) / 2 + 1 : r;
        sb.Append("        // Stem: 3x3 conv, ").Append(imageNet ? "stride 2, no padding" : "stride 1, same padding").Append(", 3 -> ")
          .Append(Int(net.StemFilters)).Append(" channels, ").Append(Px(r, stemSide)).Append(", batch norm (the cells start with ReLU).\n");
        sb.Append("        stem = new ConvBn(3, ").Append(Int(net.StemFilters)).Append(", kernel: 3, stride: ").Append(imageNet ? "2, padding: 0" : "1, padding: 1").Append(");\n");
        sb.Append("        var x0 = new Shape(").Append(Int(net.StemFilters)).Append(", ").Append(Int(stemSide)).Append(");\n");
        for (int k = 0; k < schedule.Count; k++)
        {
            var cell = schedule[k];
            sb.Append("        // x").Append(Int(k + 1)).Append(": ").Append(Describe(cell)).Append('\n');
            sb.Append("        ").Append(cell.List).Append(".Add(new Cell(").Append(cell.Reduction ? "ReductionCell" : "NormalCell")
              .Append(", reduction: ").Append(cell.Reduction ? "true" : "false").Append(", filters: ").Append(Int(cell.Filters))
              .Append(", cur: x").Append(Int(cell.Cur)).Append(", prev: ").Append(cell.Prev is int p ? $"x{Int(p)}" : "null").Append("));\n");
            sb.Append("        var x").Append(Int(k + 1)).Append(" = ").Append(Ref(cell)).Append(".Output;\n");
        }
        sb.Append("        // Head: ReLU, global average pool, dropout ").Append(Num(net.Dropout)).Append(", linear classifier.\n");
        sb.Append("        head = new CellHead(x").Append(Int(schedule.Count)).Append(".Channels, NumClasses, dropout: ").Append(Num(net.Dropout)).Append(");\n");
        sb.Append("        RegisterComponents();\n    }\n\n");

        sb.Append("    public override Tensor forward(Tensor images)\n    {\n");
        sb.Append("        var x0 = stem.call(images);\n");
        for (int k = 0; k < schedule.Count; k++)
        {
            var cell = schedule[k];
            sb.Append("        var x").Append(Int(k + 1)).Append(" = ").Append(Ref(cell)).Append(".call(x").Append(Int(cell.Cur))
              .Append(", ").Append(cell.Prev is int p ? $"x{Int(p)}" : "null").Append(");\n");
        }
        sb.Append("        return head.call(x").Append(Int(schedule.Count)).Append(");\n    }\n");

        CSharpModelGenerator.WriteHelpers(sb,
        [
            CSharpHelperModules.GlobalAvgPool, CSharpCellModules.Genotype, CSharpCellModules.ConvBn, CSharpCellModules.ReluConvBn,
            CSharpCellModules.FactorizedReduction, CSharpCellModules.SeparableConvBn, CSharpCellModules.CellOperation,
            CSharpCellModules.Cell, CSharpCellModules.CellHead,
        ]);
    }

    private static void WriteGenotype(StringBuilder sb, string field, string title, CellGenotype g)
    {
        sb.Append("    /// <summary>").Append(title).Append(": ").Append(Xml(CellString.Format(g))).Append("</summary>\n");
        sb.Append("    private static readonly CellGenotype ").Append(field).Append(" = new(\n        [\n");
        foreach (var b in g.Blocks)
            sb.Append("            new(").Append(StateConstant(b.Input1)).Append(", CellOp.").Append(b.Op1).Append(", ")
              .Append(StateConstant(b.Input2)).Append(", CellOp.").Append(b.Op2).Append("),\n");
        sb.Append("        ],\n        [").Append(string.Join(", ", g.Concat.Select(StateConstant))).Append("]);\n\n");
    }

    private static string StateConstant(int s) => s switch { CellGenotype.Prev => "Prev", CellGenotype.Cur => "Cur", _ => $"B{Int(s - 1)}" };

    private static string Ref(CellSchedule.ScheduledCell cell) => $"{cell.List}[{Int(cell.Index)}]";

    private static string Describe(CellSchedule.ScheduledCell cell)
    {
        string what = cell.List switch
        {
            CellSchedule.StemCells => $"stem cell {cell.Index}",
            CellSchedule.ReductionCells => $"reduction cell {cell.Index}",
            _ => $"normal cell {cell.Index}",
        };
        string prev = cell.Prev is int p ? $"h_(i-1) = x{p}" : "no h_(i-1)";
        return $"{what}, F = {cell.Filters}, h_i = x{cell.Cur}, {prev}.";
    }
}
