using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;

namespace NasLab.SearchSpace.Text;

/// <summary>
/// Cells as text: <c>sep5x5(cur)+sep3x3(prev) | ... | concat(prev,b1,b2)</c>. States: prev = h_{i-1},
/// cur = h_i, bK = block K (1-based).
/// </summary>
public static class CellString
{
    public static string FormatBlock(CellBlock b) =>
        $"{CellOps.Name(b.Op1)}({CellGenotype.StateName(b.Input1)})+{CellOps.Name(b.Op2)}({CellGenotype.StateName(b.Input2)})";

    public static string Format(CellGenotype g) =>
        string.Join(" | ", g.Blocks.Select(FormatBlock)) + " | concat(" + string.Join(',', g.Concat.Select(CellGenotype.StateName)) + ")";

    public static CellBlock ParseBlock(string text)
    {
        var sides = text.Split('+');
        if (sides.Length != 2) throw new FormatException($"cell block '{text}': expected op(input)+op(input).");
        var (op1, in1) = ParseSide(sides[0], text);
        var (op2, in2) = ParseSide(sides[1], text);
        return new CellBlock(in1, op1, in2, op2);
    }

    public static CellGenotype Parse(string text)
    {
        var parts = text.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var last = parts.LastOrDefault() ?? "";
        if (!last.StartsWith("concat(") || !last.EndsWith(')'))
            throw new FormatException($"cell '{text}': the last part must be concat(state,...).");
        var concat = last[7..^1].Split(',', StringSplitOptions.TrimEntries).Select(s => ParseState(s, last));
        return new CellGenotype
        {
            Blocks = ValueList.From(parts[..^1].Select(ParseBlock)),
            Concat = ValueList.From(concat),
        };
    }

    private static (CellOp, int) ParseSide(string side, string ctx)
    {
        side = side.Trim();
        int open = side.IndexOf('(');
        if (open < 0 || !side.EndsWith(')')) throw new FormatException($"cell block '{ctx}': '{side}' is not op(input).");
        return (CellOps.Parse(side[..open], $"cell block '{ctx}'"), ParseState(side[(open + 1)..^1], ctx));
    }

    public static int ParseState(string s, string ctx)
    {
        if (s == "prev") return CellGenotype.Prev;
        if (s == "cur") return CellGenotype.Cur;
        if (s.Length > 1 && s[0] == 'b' && int.TryParse(s[1..], out int k) && k >= 1) return CellGenotype.BlockState(k - 1);
        throw new FormatException($"cell '{ctx}': unknown state '{s}'; allowed: prev, cur, b1, b2, ...");
    }
}
