using NasLab.LatencyOracle.Graph;
using NasLab.SearchSpace.Architecture;

namespace NasLab.LatencyOracle.Export;

/// <summary>
/// Writes the engine's layers into an ONNX graph with their weights: conv + BN pairs become one conv
/// with the BN folded in (what a deployment runtime runs), activations become their ONNX operators.
/// Node and initializer names are the cost model's layer names, so a graph can be read against it.
/// </summary>
internal sealed class LayerEmitter(OnnxGraphBuilder graph, IWeightSource weights)
{
    public OnnxGraphBuilder Graph { get; } = graph;

    public int Channels(OnnxValue x) => (int)Graph.ShapeOf(x)[1].Value;

    public int Height(OnnxValue x) => (int)Graph.ShapeOf(x)[2].Value;

    public int Width(OnnxValue x) => (int)Graph.ShapeOf(x)[3].Value;

    /// <summary>Bias-free conv <paramref name="conv"/> followed by BatchNorm <paramref name="bn"/>, folded into one conv.</summary>
    public OnnxValue ConvBn(OnnxValue x, string conv, string bn, int cout, int kh, int kw, ConvOptions options)
    {
        var shape = WeightShape(x, cout, kh, kw, options.Group);
        var folded = Fold(weights.Tensor($"{conv}.weight", shape), weights.BatchNorm(bn, cout));
        return Conv(x, conv, shape, folded.Weight, folded.Bias, options);
    }

    /// <summary>
    /// Several bias-free convs whose outputs are concatenated and then batch-normalised together
    /// (MixConv, factorized reduction): each conv gets its slice of the BN folded in.
    /// </summary>
    public IReadOnlyList<OnnxValue> ConvsWithSharedBn(IReadOnlyList<(OnnxValue X, string Conv, int Cout, int Kernel, ConvOptions Options)> convs, string bn)
    {
        var stats = weights.BatchNorm(bn, convs.Sum(c => c.Cout));
        var outputs = new List<OnnxValue>(convs.Count);
        var start = 0;
        foreach (var (x, conv, cout, k, options) in convs)
        {
            var shape = WeightShape(x, cout, k, k, options.Group);
            var folded = Fold(weights.Tensor($"{conv}.weight", shape), stats.Slice(start, cout));
            outputs.Add(Conv(x, conv, shape, folded.Weight, folded.Bias, options));
            start += cout;
        }
        return outputs;
    }

    /// <summary>A conv not followed by BN: with its own bias (SE, 1x1 classifier) or none (NASNet's depthwise half).</summary>
    public OnnxValue PlainConv(OnnxValue x, string conv, int cout, int kh, int kw, ConvOptions options, bool bias)
    {
        var shape = WeightShape(x, cout, kh, kw, options.Group);
        var w = weights.Tensor($"{conv}.weight", shape);
        var b = bias ? weights.Tensor($"{conv}.bias", [cout]) : null;
        return Conv(x, conv, shape, w, b, options);
    }

    /// <summary>Fully connected layer on [N, in] with the PyTorch [out, in] weight and a bias.</summary>
    public OnnxValue Linear(OnnxValue x, string name, int outFeatures)
    {
        var inFeatures = (int)Graph.ShapeOf(x)[1].Value;
        var w = Graph.Initializer($"{name}.weight", weights.Tensor($"{name}.weight", [outFeatures, inFeatures]), outFeatures, inFeatures);
        var b = Graph.Initializer($"{name}.bias", weights.Tensor($"{name}.bias", [outFeatures]), outFeatures);
        return Graph.Gemm(x, w, b, transB: true, name: name);
    }

    /// <summary>The description's activation; Swish is x * sigmoid(x) (opset 17 has no Swish operator).</summary>
    public OnnxValue Activation(OnnxValue x, Activation activation, string name) => activation switch
    {
        SearchSpace.Architecture.Activation.None => x,
        SearchSpace.Architecture.Activation.ReLU => Graph.Relu(x, name),
        SearchSpace.Architecture.Activation.ReLU6 => Graph.Relu6(x, name),
        SearchSpace.Architecture.Activation.HardSwish => Graph.HardSwish(x, name),
        SearchSpace.Architecture.Activation.Swish => Graph.Mul(x, Graph.Sigmoid(x, $"{name}.sigmoid"), name),
        _ => throw new NotSupportedException($"Activation {activation} has no ONNX export."),
    };

    /// <summary>"Same" padding k/2 on every side, as the builder's convs use.</summary>
    public static ConvOptions Same(int kernel, int stride, int groups = 1, int dilation = 1) =>
        ConvOptions.Symmetric(stride, dilation * (kernel - 1) / 2, groups, dilation);

    private long[] WeightShape(OnnxValue x, int cout, int kh, int kw, int groups)
    {
        var cin = Channels(x);
        if (cin % groups != 0 || cout % groups != 0)
            throw new ArgumentException($"Conv on '{x}': {cin} -> {cout} channels cannot be split into {groups} groups.");
        return [cout, cin / groups, kh, kw];
    }

    private OnnxValue Conv(OnnxValue x, string name, long[] shape, float[] weight, float[]? bias, ConvOptions options)
    {
        var w = Graph.Initializer($"{name}.weight", weight, shape);
        OnnxValue? b = bias is null ? null : Graph.Initializer($"{name}.bias", bias, shape[0]);
        return Graph.Conv(x, w, b, options, name);
    }

    private static FoldedConv Fold(float[] weight, BatchNormParameters bn) =>
        BatchNormFolding.Fold(weight, null, bn.Gamma, bn.Beta, bn.Mean, bn.Variance, bn.Epsilon);
}
