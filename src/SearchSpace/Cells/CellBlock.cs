namespace NasLab.SearchSpace.Cells;

/// <summary>
/// One NASNet block: op1(state[Input1]) + op2(state[Input2]). States are numbered 0 = h_{i-1} ("prev"),
/// 1 = h_i ("cur"), k + 2 = output of block k (0-based) of the same cell.
/// </summary>
public sealed record CellBlock(int Input1, CellOp Op1, int Input2, CellOp Op2);
