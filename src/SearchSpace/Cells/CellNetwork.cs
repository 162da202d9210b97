using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Cells;

/// <summary>
/// NASNet-style network (TF-slim nasnet.py semantics): stem, then (Reductions + 1) stacks of
/// <see cref="CellsPerStack"/> normal cells with a reduction cell between stacks; ReLU, global pool,
/// dropout, linear classifier. Filters double (× <see cref="FilterScalingRate"/>) at each reduction.
/// </summary>
public sealed record CellNetwork : NetworkArchitecture
{
    public CellGenotype Normal { get; init; } = new();
    public CellGenotype Reduction { get; init; } = new();
    /// <summary>N in the paper.</summary>
    public int CellsPerStack { get; init; }
    /// <summary>F in the paper: filters of the first stack's normal cells.</summary>
    public int Filters { get; init; }
    public int StemFilters { get; init; }
    public CellStem Stem { get; init; } = CellStem.ImageNet;
    /// <summary>Stem reduction cells (ImageNet stem only).</summary>
    public int StemCells { get; init; } = 2;
    public int Reductions { get; init; } = 2;
    public double FilterScalingRate { get; init; } = 2.0;
    /// <summary>
    /// TF "skip_reduction_layer_input" (true for the ImageNet models): the normal cell right after a reduction
    /// cell takes the reduction cell's own h_{i-1} as its h_{i-1}, instead of the last normal cell.
    /// </summary>
    public bool SkipReductionLayerInput { get; init; }
    public double Dropout { get; init; }
}
