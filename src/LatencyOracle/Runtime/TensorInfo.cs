namespace NasLab.LatencyOracle.Runtime;

/// <summary>
/// A session input or output as ORT reports it.
/// </summary>
/// <param name="Name">The graph value name.</param>
/// <param name="Shape">Dimensions; -1 where the dimension is dynamic.</param>
/// <param name="SymbolicDimensions">Per dimension, its symbolic name (e.g. "batch") or "" if none.</param>
/// <param name="ElementType">ONNX element type code (1 = float32).</param>
public sealed record TensorInfo(string Name, IReadOnlyList<long> Shape, IReadOnlyList<string> SymbolicDimensions, int ElementType)
{
    /// <summary>ONNX / ORT element type code of float32.</summary>
    public const int Float32 = 1;

    /// <summary>True when any dimension is unknown until run time.</summary>
    public bool HasDynamicDimensions => Shape.Any(d => d < 0);

    public override string ToString() => $"{Name}[{string.Join(",", Shape.Select((d, i) => d >= 0 ? d.ToString() : SymbolicDimensions[i] is { Length: > 0 } s ? s : "?"))}]";
}
