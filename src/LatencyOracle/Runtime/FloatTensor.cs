namespace NasLab.LatencyOracle.Runtime;

/// <summary>A dense row-major float32 tensor in managed memory.</summary>
public sealed class FloatTensor
{
    public FloatTensor(float[] data, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(d => d < 0))
            throw new ArgumentException($"Tensor shape [{string.Join(",", shape)}] has a negative dimension.", nameof(shape));
        var count = ElementCount(shape);
        if (count != data.Length)
            throw new ArgumentException(
                $"Tensor shape [{string.Join(",", shape)}] holds {count} elements but {data.Length} values were given.", nameof(data));
        Data = data;
        Shape = shape;
    }

    /// <summary>Elements in row-major order. Not copied: callers share the array.</summary>
    public float[] Data { get; }

    public IReadOnlyList<long> Shape { get; }

    /// <summary>Product of the dimensions (1 for a scalar).</summary>
    public static long ElementCount(IEnumerable<long> shape) => shape.Aggregate(1L, (a, b) => a * b);

    public override string ToString() => $"FloatTensor[{string.Join(",", Shape)}]";
}
