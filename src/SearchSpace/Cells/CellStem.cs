namespace NasLab.SearchSpace.Cells;

/// <summary>
/// ImageNet: 3x3 stride-2 conv with no padding ("VALID") + BN, then stem reduction cells with filters
/// F / rate^k. Cifar: 3x3 stride-1 "same" conv + BN, no stem cells.
/// </summary>
public enum CellStem { ImageNet, Cifar }
