using Google.Protobuf;
using NasLab.LatencyOracle.Onnx.Proto;

namespace NasLab.LatencyOracle.Graph;

/// <summary>
/// Builds an ONNX inference graph (opset <see cref="OpsetVersion"/>) step by step and serializes it.
/// Values get readable names: a node's output is named after the node ("conv_0", or the name you pass),
/// and helper constants after their node ("clip_3.min"). Operator methods live in
/// OnnxGraphBuilder.Operators.cs; this file holds the graph bookkeeping.
/// </summary>
public sealed partial class OnnxGraphBuilder
{
    /// <summary>Default-domain opset we write. 17 is the newest the Debian onnx checker (1.12) knows,
    /// has HardSwish (14+), and takes Clip bounds, Split sizes, Slice and Pad parameters as inputs.</summary>
    public const int OpsetVersion = 17;

    /// <summary>ONNX IR version matching opset 17 (onnx 1.12).</summary>
    public const long IrVersion = 8;

    /// <summary>Symbolic name of a dynamic leading (batch) dimension.</summary>
    public const string BatchDimensionName = "batch";

    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dim[]> _shapes = new(StringComparer.Ordinal);
    private int _nodeCounter;

    public OnnxGraphBuilder(string graphName = "naslab")
    {
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>
    /// Declares a float32 graph input. Dimensions given as -1 are dynamic; with
    /// <paramref name="dynamicBatch"/> the first dimension becomes the symbolic "batch" whatever its value.
    /// </summary>
    public OnnxValue Input(string name, IReadOnlyList<long> shape, bool dynamicBatch = false)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Reserve(name);
        var dims = shape.Select((d, i) =>
            i == 0 && dynamicBatch ? Dim.Symbolic(BatchDimensionName) :
            d < 0 ? Dim.Symbolic($"{name}_d{i}") :
            Dim.Of(d)).ToArray();
        _shapes[name] = dims;
        _graph.Input.Add(FloatValueInfo(name, dims));
        return new OnnxValue(name);
    }

    /// <summary>Adds a float32 constant (weights, biases) with the given dimensions.</summary>
    public OnnxValue Initializer(string name, float[] data, params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(data);
        Reserve(name);
        _graph.Initializer.Add(OnnxTensors.Float(name, data, dims));
        _shapes[name] = dims.Select(Dim.Of).ToArray();
        return new OnnxValue(name);
    }

    /// <summary>The shape the builder inferred for <paramref name="value"/>.</summary>
    public IReadOnlyList<Dim> ShapeOf(OnnxValue value) =>
        _shapes.TryGetValue(value.Name, out var shape)
            ? shape
            : throw new ArgumentException($"'{value.Name}' is not a value of this graph.", nameof(value));

    /// <summary>Marks a value as a graph output; with <paramref name="name"/> it is exposed under that name
    /// (through an Identity node, since ONNX values cannot be renamed).</summary>
    public OnnxValue Output(OnnxValue value, string? name = null)
    {
        var output = name is null || name == value.Name ? value : Identity(value, name);
        if (_graph.Output.Any(o => o.Name == output.Name))
            throw new ArgumentException($"'{output.Name}' is already a graph output.", nameof(value));
        _graph.Output.Add(FloatValueInfo(output.Name, _shapes[output.Name]));
        return output;
    }

    /// <summary>The model as a protobuf message (a copy; the builder can keep growing).</summary>
    public ModelProto BuildModel()
    {
        if (_graph.Output.Count == 0)
            throw new InvalidOperationException("The graph has no outputs; call Output(...) before building.");
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "NasLab",
            ProducerVersion = "1",
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model;
    }

    /// <summary>Serialized ONNX model bytes.</summary>
    public byte[] ToBytes() => BuildModel().ToByteArray();

    /// <summary>Adds a node with a single output named after the node and returns that output.</summary>
    private OnnxValue AddNode(string opType, string? name, IEnumerable<OnnxValue?> inputs, Dim[] outputShape, params AttributeProto[] attributes) =>
        AddNode(opType, name, inputs, [outputShape], attributes)[0];

    /// <summary>
    /// Adds a node. Missing optional inputs (null) become "" as ONNX requires, trailing ones are dropped.
    /// One output is named like the node; several are "node_out0", "node_out1", ...
    /// </summary>
    private OnnxValue[] AddNode(string opType, string? name, IEnumerable<OnnxValue?> inputs, Dim[][] outputShapes, params AttributeProto[] attributes)
    {
        var outputCount = outputShapes.Length;
        var nodeName = name ?? $"{opType.ToLowerInvariant()}_{_nodeCounter}";
        _nodeCounter++;
        var outputs = outputCount == 1
            ? new[] { nodeName }
            : Enumerable.Range(0, outputCount).Select(i => $"{nodeName}_out{i}").ToArray();
        for (var i = 0; i < outputs.Length; i++)
        {
            Reserve(outputs[i]);
            _shapes[outputs[i]] = outputShapes[i];
        }

        var node = new NodeProto { Name = nodeName, OpType = opType };
        var inputNames = inputs.Select(v => v?.Name ?? "").ToList();
        while (inputNames.Count > 0 && inputNames[^1].Length == 0)
            inputNames.RemoveAt(inputNames.Count - 1);
        foreach (var input in inputNames.Where(n => n.Length > 0))
            RequireKnown(input, nodeName);
        node.Input.AddRange(inputNames);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return outputs.Select(o => new OnnxValue(o)).ToArray();
    }

    /// <summary>Adds an int64 constant owned by a node (shape, axes, pads...), named "node.role".</summary>
    private OnnxValue Int64Constant(string nodeName, string role, long[] data, params long[] dims)
    {
        var name = $"{nodeName}.{role}";
        Reserve(name);
        _graph.Initializer.Add(OnnxTensors.Int64(name, data, dims));
        _shapes[name] = dims.Select(Dim.Of).ToArray();
        return new OnnxValue(name);
    }

    /// <summary>Adds a float32 constant owned by a node (e.g. Clip bounds), named "node.role".</summary>
    private OnnxValue FloatConstant(string nodeName, string role, float[] data, params long[] dims)
    {
        var name = $"{nodeName}.{role}";
        Reserve(name);
        _graph.Initializer.Add(OnnxTensors.Float(name, data, dims));
        _shapes[name] = dims.Select(Dim.Of).ToArray();
        return new OnnxValue(name);
    }

    /// <summary>The name the next auto-named node of this type would get (so its constants can use it).</summary>
    private string NodeName(string opType, string? name) => name ?? $"{opType.ToLowerInvariant()}_{_nodeCounter}";

    private void Reserve(string name)
    {
        if (string.IsNullOrEmpty(name))
            throw new ArgumentException("Graph value names must be non-empty.", nameof(name));
        if (!_names.Add(name))
            throw new ArgumentException($"The graph already has a value named '{name}'.", nameof(name));
    }

    private void RequireKnown(string valueName, string nodeName)
    {
        if (!_names.Contains(valueName))
            throw new ArgumentException($"Node '{nodeName}' uses '{valueName}', which is not a value of this graph.");
    }

    /// <summary>Shape of a value used as a node input (the value must exist in this graph).</summary>
    private Dim[] Shape(OnnxValue value, string nodeName)
    {
        RequireKnown(value.Name, nodeName);
        return _shapes[value.Name];
    }

    private static ValueInfoProto FloatValueInfo(string name, IEnumerable<Dim> dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim.IsKnown
                ? new TensorShapeProto.Types.Dimension { DimValue = dim.Value }
                : new TensorShapeProto.Types.Dimension { DimParam = dim.Symbol });
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
