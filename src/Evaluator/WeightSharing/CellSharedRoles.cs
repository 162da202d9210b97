using System.Globalization;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Cells;

namespace NasLab.Evaluator.WeightSharing;

/// <summary>
/// Which shared tensor a parameter of a cell network (NASNet / ENAS space) is, by ENAS's rule: each block's
/// candidate op keeps its own weights per cell, per block, per side and per input state
/// (<c>cells.2.blocks.3.left|sep3x3|in:b1</c>), shared by every architecture that makes that choice there.
/// <para>
/// A cell's output concatenates the states its genotype keeps, so how many channels the next cell (or the
/// classifier) reads, and what each one means, depends on the architecture. Its input-channel dimension is
/// therefore shared by state: state s owns channels [s * F, s * F + its channels) of a tensor sized for every
/// state, as ENAS's final 1x1 conv owns a slice per node (<see cref="SharedPlacement"/>). Every other parameter
/// (stem, the adjustments of a cell's inputs and kept states, batch norms, the classifier's bias) is shared by its
/// name alone, since its shape and meaning do not change with the cells' choices.
/// </para>
/// </summary>
public sealed class CellSharedRoles
{
    private readonly CellNetwork _net;
    private readonly IReadOnlyList<CellSchedule.ScheduledCell> _schedule;
    private readonly IReadOnlyList<CellModule> _cells;
    private readonly Dictionary<string, int> _cellByName;

    public CellSharedRoles(CellNetwork net, CellNetworkModule module)
    {
        _net = net;
        _schedule = CellSchedule.Of(net);
        _cells = module.Cells;
        _cellByName = _schedule.Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
    }

    public SharedPlacement Of(string parameterName, long[] shape)
    {
        const string Head = "head.classifier.weight";
        if (parameterName == Head) return ReadingOutput(parameterName, _cells.Count);
        var parts = parameterName.Split('.');
        if (parts.Length < 3 || !_cellByName.TryGetValue($"{parts[0]}.{parts[1]}", out var c)) return new SharedPlacement(parameterName);
        var scheduled = _schedule[c];
        var inputs = parts[2] switch
        {
            "cur" => scheduled.Cur,
            "prev" => scheduled.Prev,
            _ => (int?)null,
        };
        // A cell's inputs come through a ReLU + 1x1 conv (or a factorized reduction): their conv weights read a cell output.
        if (inputs is int output && shape.Length == 4 && parts[^1] == "weight" && parts[^2] == "conv") return ReadingOutput(parameterName, output);
        if (parts[2] == "blocks" && parts.Length > 4)
        {
            var block = scheduled.Genotype(_net).Blocks[int.Parse(parts[3], CultureInfo.InvariantCulture)];
            var (op, input) = parts[4] == "left" ? (block.Op1, block.Input1) : (block.Op2, block.Input2);
            var where = string.Join('.', parts.Take(5));
            var rest = string.Join('.', parts.Skip(5));
            return new SharedPlacement($"{where}|{CellOps.Name(op)}|in:{CellGenotype.StateName(input)}|{rest}");
        }
        return new SharedPlacement(parameterName);
    }

    /// <summary>A parameter whose input channels are cell output <paramref name="output"/> (0 = stem, k = k-th cell).</summary>
    private SharedPlacement ReadingOutput(string parameterName, int output)
    {
        if (output == 0) return new SharedPlacement(parameterName);
        var cell = _cells[output - 1];
        var channels = new List<long>();
        foreach (var (state, count) in cell.OutputParts)
            for (var i = 0; i < count; i++) channels.Add((long)state * cell.Filters + i);
        var states = _schedule[output - 1].Genotype(_net).Blocks.Count + 2;
        return new SharedPlacement(parameterName, [.. channels], (long)states * cell.Filters);
    }
}
