namespace NasLab.SearchSpace.Cells;

/// <summary>
/// The cells of a <see cref="CellNetwork"/> in forward order, with the outputs each reads (TF-slim nasnet.py):
/// the one wiring the cost model, the builder's <c>CellNetworkModule</c>, the ONNX graph and the C# export read.
/// Outputs are numbered 0 = stem, k = output of the k-th cell; <see cref="ScheduledCell.Prev"/> is null when
/// there is no h_(i-1) yet (the first stem cell, which then reuses h_i).
/// </summary>
public static class CellSchedule
{
    /// <param name="List">Builder container: "stem_cells", "reduction_cells" or "cells".</param>
    /// <param name="Index">Position in that container.</param>
    /// <param name="Reduction">Whether it is a reduction cell (stem cells are).</param>
    /// <param name="Filters">F of the cell.</param>
    /// <param name="Cur">Output read as h_i.</param>
    /// <param name="Prev">Output read as h_(i-1), or null.</param>
    public sealed record ScheduledCell(string List, int Index, bool Reduction, int Filters, int Cur, int? Prev)
    {
        /// <summary>Dotted name of the cell ("reduction_cells.1"), the prefix of its layers.</summary>
        public string Name => $"{List}.{Index}";

        /// <summary>The genotype this cell runs: the reduction genotype for reduction and stem cells.</summary>
        public CellGenotype Genotype(CellNetwork net) => Reduction ? net.Reduction : net.Normal;
    }

    public const string StemCells = "stem_cells", ReductionCells = "reduction_cells", NormalCells = "cells";

    public static IReadOnlyList<ScheduledCell> Of(CellNetwork net)
    {
        var cells = new List<ScheduledCell>();
        // The next cell's h_i is the last output; its h_(i-1) the one before (none while only the stem exists).
        int Last() => cells.Count;
        int? BeforeLast() => cells.Count == 0 ? null : cells.Count - 1;
        void Add(string list, int index, bool reduction, int filters, int? prev) =>
            cells.Add(new ScheduledCell(list, index, reduction, filters, Last(), prev));

        if (net.Stem == CellStem.ImageNet)
        {
            double scaling = 1.0 / Math.Pow(net.FilterScalingRate, net.StemCells);
            for (int i = 0; i < net.StemCells; i++)
            {
                Add(StemCells, i, true, (int)(net.Filters * scaling), BeforeLast());
                scaling *= net.FilterScalingRate;
            }
        }
        double filterScaling = 1.0;
        int total = net.CellsPerStack * (net.Reductions + 1);
        var reductionAt = Enumerable.Range(1, net.Reductions).Select(p => (int)((double)p / (net.Reductions + 1) * total)).ToHashSet();
        int cellIndex = 0, reductionIndex = 0;
        for (int n = 0; n < total; n++)
        {
            int? prev = BeforeLast();
            if (reductionAt.Contains(n))
            {
                filterScaling *= net.FilterScalingRate;
                Add(ReductionCells, reductionIndex++, true, (int)(net.Filters * filterScaling), BeforeLast());
            }
            // TF skip_reduction_layer_input: after a reduction cell, keep the reduction cell's own h_(i-1).
            if (!net.SkipReductionLayerInput) prev = BeforeLast();
            Add(NormalCells, cellIndex++, false, (int)(net.Filters * filterScaling), prev);
        }
        return cells;
    }
}
