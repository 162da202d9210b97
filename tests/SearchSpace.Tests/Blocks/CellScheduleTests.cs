using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Zoo;
using TorchSharp;
using static NasLab.SearchSpace.Cells.CellSchedule;

namespace NasLab.SearchSpace.Tests.Blocks;

/// <summary>The one cell wiring against a hand-derived schedule, and the builder and cost model against it.</summary>
public class CellScheduleTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ScheduleOfTwoStacksWithOneReduction(bool skipReductionLayerInput)
    {
        // 4 cells, reduction before cell int(1/2 * 4) = 2; outputs: 0 stem, k = k-th scheduled cell.
        var net = NasNets.Cifar() with { Stem = CellStem.Cifar, CellsPerStack = 2, Reductions = 1, Filters = 8, FilterScalingRate = 2, SkipReductionLayerInput = skipReductionLayerInput };
        ScheduledCell[] expected =
        [
            new(NormalCells, 0, false, 8, 0, null),
            new(NormalCells, 1, false, 8, 1, 0),
            new(ReductionCells, 0, true, 16, 2, 1),
            // TF skip_reduction_layer_input: h_(i-1) stays the reduction cell's own h_(i-1) (output 1).
            new(NormalCells, 2, false, 16, 3, skipReductionLayerInput ? 1 : 2),
            new(NormalCells, 3, false, 16, 4, 3),
        ];
        Assert.Equal(expected, CellSchedule.Of(net));
    }

    [Theory]
    [InlineData("nasnet-a-mobile")]
    [InlineData("nasnet-a-cifar")]
    public void BuilderAndCostModelFollowTheSchedule(string name)
    {
        var net = (CellNetwork)ModelZoo.Get(name);
        var schedule = CellSchedule.Of(net);
        var cells = CostModel.Compute(net).Layers.Select(l => CellOf(l.Name)).OfType<string>().Distinct().ToList();
        Assert.Equal(schedule.Select(c => c.Name), cells);

        using var scope = torch.NewDisposeScope();
        using var module = NetworkBuilder.Build(net);
        var built = module.named_parameters().Select(p => CellOf(p.name)).OfType<string>().Distinct().ToList();
        // Registration groups cells by container (stem, reduction, normal), in schedule order within each.
        Assert.Equal(schedule.OrderBy(c => Array.IndexOf([StemCells, ReductionCells, NormalCells], c.List)).Select(c => c.Name), built);
    }

    private static string? CellOf(string layer)
    {
        var parts = layer.Split('.');
        return parts[0] is StemCells or ReductionCells or NormalCells ? $"{parts[0]}.{parts[1]}" : null;
    }
}
