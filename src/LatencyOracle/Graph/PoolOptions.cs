namespace NasLab.LatencyOracle.Graph;

/// <summary>
/// Attributes of a 2-D AveragePool/MaxPool. <paramref name="Pads"/> is [top, left, bottom, right].
/// <paramref name="CountIncludePad"/> only affects AveragePool: false (ONNX's default) divides by the
/// number of real elements in the window, true (PyTorch's default!) by the full kernel area.
/// </summary>
public sealed record PoolOptions(int[] Kernel, int[]? Strides = null, int[]? Pads = null, bool CountIncludePad = false, bool CeilMode = false)
{
    /// <summary>Square kernel, square stride, equal padding on every side.</summary>
    public static PoolOptions Square(int kernel, int stride, int padding = 0, bool countIncludePad = false, bool ceilMode = false) =>
        new([kernel, kernel], [stride, stride], [padding, padding, padding, padding], countIncludePad, ceilMode);
}
