using NasLab.LatencyOracle.Onnx.Proto;

namespace NasLab.LatencyOracle.Graph;

/// <summary>Operator methods of <see cref="OnnxGraphBuilder"/> (semantics as in ONNX opset 17).</summary>
public sealed partial class OnnxGraphBuilder
{
    /// <summary>2-D convolution; <paramref name="weight"/> is [O, I/group, kh, kw].</summary>
    public OnnxValue Conv(OnnxValue x, OnnxValue weight, OnnxValue? bias = null, ConvOptions? options = null, string? name = null)
    {
        options ??= new ConvOptions();
        var nodeName = NodeName("Conv", name);
        var weightShape = Shape(weight, nodeName);
        var shape = ShapeInference.Conv(nodeName, Shape(x, nodeName), weightShape, options);
        if (bias is { } b && ShapeInference.Format(Shape(b, nodeName)) != weightShape[0].ToString())
            throw new ArgumentException($"Node '{nodeName}': bias must be [{weightShape[0]}], got [{ShapeInference.Format(Shape(b, nodeName))}].");
        var attributes = new List<AttributeProto> { OnnxAttributes.Int("group", options.Group) };
        // kernel_shape is optional in ONNX (taken from W) but stating it helps readers of the graph.
        attributes.Add(OnnxAttributes.Ints("kernel_shape", [(int)weightShape[2].Value, (int)weightShape[3].Value]));
        if (options.Strides != null) attributes.Add(OnnxAttributes.Ints("strides", options.Strides));
        if (options.Pads != null) attributes.Add(OnnxAttributes.Ints("pads", options.Pads));
        if (options.Dilations != null) attributes.Add(OnnxAttributes.Ints("dilations", options.Dilations));
        return AddNode("Conv", nodeName, [x, weight, bias], shape, attributes.ToArray());
    }

    public OnnxValue Relu(OnnxValue x, string? name = null) => Unary("Relu", x, name);

    /// <summary>Clamp to [min, max]; bounds are graph inputs since opset 11, written as scalar constants.</summary>
    public OnnxValue Clip(OnnxValue x, float min, float max, string? name = null)
    {
        var nodeName = NodeName("Clip", name);
        var minValue = FloatConstant(nodeName, "min", [min]);
        var maxValue = FloatConstant(nodeName, "max", [max]);
        return AddNode("Clip", nodeName, [x, minValue, maxValue], Shape(x, nodeName));
    }

    /// <summary>ReLU6 = Clip(x, 0, 6), as PyTorch exports it.</summary>
    public OnnxValue Relu6(OnnxValue x, string? name = null) => Clip(x, 0f, 6f, name ?? NodeName("Relu6", null));

    /// <summary>x * relu6(x + 3) / 6 (ONNX HardSwish, opset 14+).</summary>
    public OnnxValue HardSwish(OnnxValue x, string? name = null) => Unary("HardSwish", x, name);

    /// <summary>max(0, min(1, alpha*x + beta)); defaults are PyTorch's (1/6, 0.5), not ONNX's (0.2, 0.5).</summary>
    public OnnxValue HardSigmoid(OnnxValue x, float alpha = 1f / 6f, float beta = 0.5f, string? name = null) =>
        Unary("HardSigmoid", x, name, OnnxAttributes.Float("alpha", alpha), OnnxAttributes.Float("beta", beta));

    public OnnxValue Sigmoid(OnnxValue x, string? name = null) => Unary("Sigmoid", x, name);

    /// <summary>Element-wise product with numpy broadcasting.</summary>
    public OnnxValue Mul(OnnxValue a, OnnxValue b, string? name = null) => Binary("Mul", a, b, name);

    /// <summary>Element-wise sum with numpy broadcasting.</summary>
    public OnnxValue Add(OnnxValue a, OnnxValue b, string? name = null) => Binary("Add", a, b, name);

    public OnnxValue Concat(int axis, IReadOnlyList<OnnxValue> values, string? name = null)
    {
        if (values.Count == 0)
            throw new ArgumentException("Concat needs at least one input.", nameof(values));
        var nodeName = NodeName("Concat", name);
        var shape = ShapeInference.Concat(nodeName, values.Select(v => Shape(v, nodeName)).ToArray(), axis);
        return AddNode("Concat", nodeName, values.Select(v => (OnnxValue?)v), shape, OnnxAttributes.Int("axis", axis));
    }

    /// <summary>Splits along <paramref name="axis"/> into pieces of the given sizes (an input since opset 13).</summary>
    public OnnxValue[] Split(OnnxValue x, int axis, IReadOnlyList<long> sizes, string? name = null)
    {
        if (sizes.Count == 0 || sizes.Any(s => s < 0))
            throw new ArgumentException("Split sizes must be a non-empty list of non-negative sizes.", nameof(sizes));
        var nodeName = NodeName("Split", name);
        var shapes = ShapeInference.Split(nodeName, Shape(x, nodeName), axis, sizes);
        var split = Int64Constant(nodeName, "split", sizes.ToArray(), sizes.Count);
        return AddNode("Split", nodeName, [x, split], shapes, OnnxAttributes.Int("axis", axis));
    }

    /// <summary>Slice along <paramref name="axes"/> (parameters are inputs since opset 10).</summary>
    public OnnxValue Slice(OnnxValue x, long[] starts, long[] ends, long[] axes, long[]? steps = null, string? name = null)
    {
        if (starts.Length != ends.Length || starts.Length != axes.Length || (steps != null && steps.Length != starts.Length))
            throw new ArgumentException("Slice starts, ends, axes (and steps) must have equal lengths.");
        var nodeName = NodeName("Slice", name);
        var shape = ShapeInference.Slice(nodeName, Shape(x, nodeName), starts, ends, axes, steps);
        var startsValue = Int64Constant(nodeName, "starts", starts, starts.Length);
        var endsValue = Int64Constant(nodeName, "ends", ends, ends.Length);
        var axesValue = Int64Constant(nodeName, "axes", axes, axes.Length);
        OnnxValue? stepsValue = steps is null ? null : Int64Constant(nodeName, "steps", steps, steps.Length);
        return AddNode("Slice", nodeName, [x, startsValue, endsValue, axesValue, stepsValue], shape);
    }

    /// <summary>
    /// Pads every axis; <paramref name="pads"/> is ONNX order [x1_begin, x2_begin, ..., x1_end, x2_end, ...]
    /// with one begin and one end per input dimension.
    /// </summary>
    public OnnxValue Pad(OnnxValue x, long[] pads, PadMode mode = PadMode.Constant, float constantValue = 0f, string? name = null)
    {
        if (pads.Length == 0 || pads.Length % 2 != 0)
            throw new ArgumentException("Pad needs 2 entries (begin, end) per input dimension.", nameof(pads));
        var nodeName = NodeName("Pad", name);
        var shape = ShapeInference.Pad(nodeName, Shape(x, nodeName), pads);
        var padsValue = Int64Constant(nodeName, "pads", pads, pads.Length);
        OnnxValue? value = mode == PadMode.Constant ? FloatConstant(nodeName, "value", [constantValue]) : null;
        return AddNode("Pad", nodeName, [x, padsValue, value], shape, OnnxAttributes.String("mode", mode.ToString().ToLowerInvariant()));
    }

    public OnnxValue AveragePool(OnnxValue x, PoolOptions options, string? name = null)
    {
        var nodeName = NodeName("AveragePool", name);
        return AddNode("AveragePool", nodeName, [x], ShapeInference.Pool(nodeName, Shape(x, nodeName), options),
            [.. PoolAttributes(options), OnnxAttributes.Int("count_include_pad", options.CountIncludePad ? 1 : 0)]);
    }

    public OnnxValue MaxPool(OnnxValue x, PoolOptions options, string? name = null)
    {
        var nodeName = NodeName("MaxPool", name);
        return AddNode("MaxPool", nodeName, [x], ShapeInference.Pool(nodeName, Shape(x, nodeName), options), PoolAttributes(options));
    }

    /// <summary>Mean over all spatial positions: [N, C, H, W] -> [N, C, 1, 1].</summary>
    public OnnxValue GlobalAveragePool(OnnxValue x, string? name = null)
    {
        var nodeName = NodeName("GlobalAveragePool", name);
        return AddNode("GlobalAveragePool", nodeName, [x], ShapeInference.GlobalPool(nodeName, Shape(x, nodeName)));
    }

    /// <summary>Reshape to 2-D: dims before <paramref name="axis"/> form rows, the rest columns.</summary>
    public OnnxValue Flatten(OnnxValue x, int axis = 1, string? name = null)
    {
        var nodeName = NodeName("Flatten", name);
        return AddNode("Flatten", nodeName, [x], ShapeInference.Flatten(nodeName, Shape(x, nodeName), axis), OnnxAttributes.Int("axis", axis));
    }

    /// <summary>
    /// alpha * A' * B' + beta * C. A fully connected layer with PyTorch's [out, in] weight is
    /// <c>Gemm(x, weight, bias, transB: true)</c>.
    /// </summary>
    public OnnxValue Gemm(OnnxValue a, OnnxValue b, OnnxValue? c = null, bool transA = false, bool transB = false,
        float alpha = 1f, float beta = 1f, string? name = null)
    {
        var nodeName = NodeName("Gemm", name);
        var shape = ShapeInference.Gemm(nodeName, Shape(a, nodeName), Shape(b, nodeName), transA, transB);
        if (c is { } bias)
            ShapeInference.Broadcast(nodeName, shape, Shape(bias, nodeName)); // C must broadcast to [M, N]
        return AddNode("Gemm", nodeName, [a, b, c], shape,
            OnnxAttributes.Float("alpha", alpha), OnnxAttributes.Float("beta", beta),
            OnnxAttributes.Int("transA", transA ? 1 : 0), OnnxAttributes.Int("transB", transB ? 1 : 0));
    }

    public OnnxValue Identity(OnnxValue x, string? name = null) => Unary("Identity", x, name);

    /// <summary>Reshape to <paramref name="shape"/> (0 copies the input dim, -1 is inferred).</summary>
    public OnnxValue Reshape(OnnxValue x, long[] shape, string? name = null)
    {
        var nodeName = NodeName("Reshape", name);
        var outputShape = ShapeInference.Reshape(nodeName, Shape(x, nodeName), shape);
        var shapeValue = Int64Constant(nodeName, "shape", shape, shape.Length);
        return AddNode("Reshape", nodeName, [x, shapeValue], outputShape);
    }

    /// <summary>A shape-preserving single-input operator.</summary>
    private OnnxValue Unary(string opType, OnnxValue x, string? name, params AttributeProto[] attributes)
    {
        var nodeName = NodeName(opType, name);
        return AddNode(opType, nodeName, [x], Shape(x, nodeName), attributes);
    }

    /// <summary>A broadcasting element-wise binary operator.</summary>
    private OnnxValue Binary(string opType, OnnxValue a, OnnxValue b, string? name)
    {
        var nodeName = NodeName(opType, name);
        return AddNode(opType, nodeName, [a, b], ShapeInference.Broadcast(nodeName, Shape(a, nodeName), Shape(b, nodeName)));
    }

    private static AttributeProto[] PoolAttributes(PoolOptions options)
    {
        var attributes = new List<AttributeProto>
        {
            OnnxAttributes.Ints("kernel_shape", options.Kernel),
            OnnxAttributes.Int("ceil_mode", options.CeilMode ? 1 : 0),
        };
        if (options.Strides != null) attributes.Add(OnnxAttributes.Ints("strides", options.Strides));
        if (options.Pads != null) attributes.Add(OnnxAttributes.Ints("pads", options.Pads));
        return attributes.ToArray();
    }
}
