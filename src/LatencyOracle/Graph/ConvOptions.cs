namespace NasLab.LatencyOracle.Graph;

/// <summary>
/// Attributes of a 2-D Conv. <paramref name="Pads"/> follows ONNX order [top, left, bottom, right].
/// </summary>
public sealed record ConvOptions(int Group = 1, int[]? Strides = null, int[]? Pads = null, int[]? Dilations = null)
{
    /// <summary>Square stride, equal padding on every side, square dilation.</summary>
    public static ConvOptions Symmetric(int stride = 1, int padding = 0, int group = 1, int dilation = 1) =>
        new(group, [stride, stride], [padding, padding, padding, padding], [dilation, dilation]);
}
