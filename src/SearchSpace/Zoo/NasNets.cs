using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Text;

namespace NasLab.SearchSpace.Zoo;

/// <summary>NASNet-A cells and the Mobile / Large / CIFAR networks (TF-slim configurations).</summary>
public static class NasNets
{
    public static CellGenotype NormalA { get; } = CellString.Parse(
        "sep5x5(cur)+sep3x3(prev) | sep5x5(prev)+sep3x3(prev) | avg3x3(cur)+identity(prev) | " +
        "avg3x3(prev)+avg3x3(prev) | sep3x3(cur)+identity(cur) | concat(prev,b1,b2,b3,b4,b5)");

    public static CellGenotype ReductionA { get; } = CellString.Parse(
        "sep5x5(cur)+sep7x7(prev) | max3x3(cur)+sep7x7(prev) | avg3x3(cur)+sep5x5(prev) | " +
        "identity(b2)+avg3x3(b1) | sep3x3(b1)+max3x3(cur) | concat(b2,b3,b4,b5)");

    /// <summary>N = 4, F = 44, stem 32 (stem multiplier 1), 224 px.</summary>
    public static CellNetwork Mobile() => ImageNet("nasnet-a-mobile", 4, 44, 32, 224);

    /// <summary>N = 6, F = 168, stem 96 (stem multiplier 3), 331 px.</summary>
    public static CellNetwork Large() => ImageNet("nasnet-a-large", 6, 168, 96, 331);

    /// <summary>N = 6, F = 32, stride-1 stem of 96, 32 px, 10 classes, no stem cells, no reduction-input skipping.</summary>
    public static CellNetwork Cifar() => new()
    {
        Name = "nasnet-a-cifar", Normal = NormalA, Reduction = ReductionA, CellsPerStack = 6, Filters = 32, StemFilters = 96,
        Stem = CellStem.Cifar, StemCells = 0, SkipReductionLayerInput = false, InputResolution = 32, NumClasses = 10, Dropout = 0.0,
    };

    private static CellNetwork ImageNet(string name, int n, int f, int stem, int res) => new()
    {
        Name = name, Normal = NormalA, Reduction = ReductionA, CellsPerStack = n, Filters = f, StemFilters = stem,
        Stem = CellStem.ImageNet, StemCells = 2, SkipReductionLayerInput = true, InputResolution = res, NumClasses = 1000, Dropout = 0.5,
    };
}
