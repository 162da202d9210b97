using NasLab.LatencyOracle.Graph;
using NasLab.LatencyOracle.Runtime;
using NasLab.LatencyOracle.Tests.Reference;

namespace NasLab.LatencyOracle.Tests;

/// <summary>Each builder operator, run by ORT, against a naive or hand-computed expectation.</summary>
public class OperatorTests
{
    private static (OnnxGraphBuilder Graph, OnnxValue X) Graph(params long[] shape)
    {
        var g = new OnnxGraphBuilder();
        return (g, g.Input("x", shape));
    }

    private static FloatTensor Run(OnnxGraphBuilder g, FloatTensor x) => GraphRunner.RunSingle(g, "x", x);

    [Fact]
    public void ConvWithDilationAsymmetricPadsAndNoBias()
    {
        var random = new Random(1);
        var x = TestData.Tensor(random, 1, 3, 8, 7);
        var weight = TestData.Uniform(random, 5 * 3 * 3 * 2);
        int[] pads = [2, 0, 1, 1];
        var (g, input) = Graph(1, 3, 8, 7);
        var w = g.Initializer("w", weight, 5, 3, 3, 2);
        g.Output(g.Conv(input, w, options: new ConvOptions(1, [1, 2], pads, [2, 1])));

        var expected = NaiveOps.Conv2d(x, weight, 3, 2, null, 1, 1, 2, pads, 2, 1);
        TestData.AssertClose(expected, Run(g, x));
    }

    [Fact]
    public void DepthwiseConv()
    {
        var random = new Random(2);
        var x = TestData.Tensor(random, 1, 4, 6, 6);
        var weight = TestData.Uniform(random, 4 * 1 * 3 * 3);
        var bias = TestData.Uniform(random, 4);
        var (g, input) = Graph(1, 4, 6, 6);
        g.Output(g.Conv(input, g.Initializer("w", weight, 4, 1, 3, 3), g.Initializer("b", bias, 4), ConvOptions.Symmetric(1, 1, group: 4)));
        TestData.AssertClose(NaiveOps.Conv2d(x, weight, 3, 3, bias, 4, 1, 1, [1, 1, 1, 1]), Run(g, x));
    }

    public static TheoryData<string> Activations => new() { "Relu", "Relu6", "Clip", "HardSwish", "HardSigmoid", "Sigmoid", "Identity" };

    [Theory]
    [MemberData(nameof(Activations))]
    public void ElementwiseActivation(string op)
    {
        // Spans every branch of the piecewise functions (below -3, inside, above 6).
        var x = new FloatTensor(Enumerable.Range(0, 24).Select(i => -8f + i * 0.7f).ToArray(), 1, 2, 3, 4);
        var (g, input) = Graph(1, 2, 3, 4);
        Func<double, double> reference;
        OnnxValue y;
        switch (op)
        {
            case "Relu": y = g.Relu(input); reference = v => Math.Max(v, 0); break;
            case "Relu6": y = g.Relu6(input); reference = v => Math.Clamp(v, 0, 6); break;
            case "Clip": y = g.Clip(input, -1.5f, 2.5f); reference = v => Math.Clamp(v, -1.5, 2.5); break;
            case "HardSwish": y = g.HardSwish(input); reference = NaiveOps.HardSwish; break;
            case "HardSigmoid": y = g.HardSigmoid(input); reference = v => NaiveOps.HardSigmoid(v, 1.0 / 6, 0.5); break;
            case "Sigmoid": y = g.Sigmoid(input); reference = NaiveOps.Sigmoid; break;
            case "Identity": y = g.Identity(input); reference = v => v; break;
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
        g.Output(y, "y");
        TestData.AssertClose(NaiveOps.Map(x, reference), Run(g, x), floor: 1e-3);
    }

    [Fact]
    public void HardSigmoidWithOnnxDefaultsDiffersFromPyTorchDefaults()
    {
        var x = new FloatTensor([1f], 1);
        var (g, input) = Graph(1);
        g.Output(g.HardSigmoid(input, alpha: 0.2f, beta: 0.5f));
        Assert.Equal(0.7f, Run(g, x).Data[0], 6);
    }

    [Fact]
    public void SqueezeExcitationStyleBroadcastMulAndAdd()
    {
        // x [1,2,2,2] * s [1,2,1,1] + b [2,1,1] (broadcast over batch too).
        var x = new FloatTensor([1, 2, 3, 4, 5, 6, 7, 8], 1, 2, 2, 2);
        var (g, input) = Graph(1, 2, 2, 2);
        var scale = g.Initializer("scale", [10f, -1f], 1, 2, 1, 1);
        var shift = g.Initializer("shift", [0.5f, 100f], 2, 1, 1);
        g.Output(g.Add(g.Mul(input, scale), shift));
        Assert.Equal([10.5f, 20.5f, 30.5f, 40.5f, 95f, 94f, 93f, 92f], Run(g, x).Data);
    }

    [Fact]
    public void SplitThenConcatInSwappedOrderAlongChannels()
    {
        // Channel shuffle-like: split [1, 2] then concat(second, first).
        var x = new FloatTensor(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 1, 3, 2, 2);
        var (g, input) = Graph(1, 3, 2, 2);
        var parts = g.Split(input, axis: 1, [1, 2], "split");
        Assert.Equal(["split_out0", "split_out1"], parts.Select(p => p.Name));
        g.Output(g.Concat(1, [parts[1], parts[0]]));
        var y = Run(g, x);
        Assert.Equal([1L, 3, 2, 2], y.Shape);
        Assert.Equal([4f, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3], y.Data);
    }

    [Fact]
    public void SliceWithStep()
    {
        // x[:, :, 1:3, ::2] of a [1,1,4,4] ramp.
        var x = new FloatTensor(Enumerable.Range(0, 16).Select(i => (float)i).ToArray(), 1, 1, 4, 4);
        var (g, input) = Graph(1, 1, 4, 4);
        g.Output(g.Slice(input, starts: [1, 0], ends: [3, long.MaxValue], axes: [2, 3], steps: [1, 2]));
        var y = Run(g, x);
        Assert.Equal([1L, 1, 2, 2], y.Shape);
        Assert.Equal([4f, 6, 8, 10], y.Data);
    }

    [Theory]
    [InlineData(PadMode.Constant)]
    [InlineData(PadMode.Reflect)]
    [InlineData(PadMode.Edge)]
    public void PadSpatialDimensions(PadMode mode)
    {
        var random = new Random(3);
        var x = TestData.Tensor(random, 1, 2, 4, 5);
        var (g, input) = Graph(1, 2, 4, 5);
        // ONNX order: begins of N, C, H, W then ends of N, C, H, W.
        g.Output(g.Pad(input, [0, 0, 1, 2, 0, 0, 2, 1], mode, constantValue: 0.25f));
        var expected = NaiveOps.Pad(x, top: 1, left: 2, bottom: 2, right: 1, mode.ToString().ToLowerInvariant(), 0.25f);
        TestData.AssertClose(expected, Run(g, x));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AveragePoolHonoursCountIncludePad(bool countIncludePad)
    {
        var random = new Random(4);
        var x = TestData.Tensor(random, 1, 2, 5, 5);
        var (g, input) = Graph(1, 2, 5, 5);
        g.Output(g.AveragePool(input, PoolOptions.Square(3, 2, 1, countIncludePad)));
        var expected = NaiveOps.Pool(x, max: false, 3, 2, 1, countIncludePad);
        var other = NaiveOps.Pool(x, max: false, 3, 2, 1, !countIncludePad);
        var actual = Run(g, x);
        TestData.AssertClose(expected, actual);
        // The corner windows differ between the two conventions, so the flag must actually matter.
        Assert.NotEqual(other.Data[0], actual.Data[0], 3);
    }

    [Fact]
    public void MaxPool()
    {
        var random = new Random(5);
        var x = TestData.Tensor(random, 1, 3, 7, 7);
        var (g, input) = Graph(1, 3, 7, 7);
        g.Output(g.MaxPool(input, PoolOptions.Square(3, 2, 1)));
        TestData.AssertClose(NaiveOps.Pool(x, max: true, 3, 2, 1, false), Run(g, x));
    }

    [Fact]
    public void GlobalAveragePool()
    {
        var random = new Random(6);
        var x = TestData.Tensor(random, 2, 3, 4, 5);
        var (g, input) = Graph(2, 3, 4, 5);
        g.Output(g.GlobalAveragePool(input));
        TestData.AssertClose(NaiveOps.GlobalAveragePool(x), Run(g, x));
    }

    [Fact]
    public void FlattenAndReshapeKeepDataAndChangeShape()
    {
        var x = new FloatTensor(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 2, 3, 2, 2);
        var (g, input) = Graph(2, 3, 2, 2);
        var flat = g.Flatten(input, axis: 1, "flat");
        g.Output(g.Reshape(flat, [0, 2, -1], "reshaped"));
        var y = Run(g, x);
        Assert.Equal([2L, 2, 6], y.Shape);
        Assert.Equal(x.Data, y.Data);
    }

    [Fact]
    public void GemmWithAlphaBetaAndTransposes()
    {
        // y = 2 * A^T * B + 0.5 * C with A [3,2] (so A^T is [2,3]), B [3,2], C [2] broadcast.
        var a = new FloatTensor([1, 2, 3, 4, 5, 6], 3, 2);
        var (g, input) = Graph(3, 2);
        var b = g.Initializer("b", [1, 0, 0, 1, 1, 1], 3, 2);
        var c = g.Initializer("c", [10, 20], 2);
        g.Output(g.Gemm(input, b, c, transA: true, alpha: 2f, beta: 0.5f));
        // A^T = [[1,3,5],[2,4,6]]; A^T*B = [[1+5, 3+5], [2+6, 4+6]] = [[6,8],[8,10]].
        Assert.Equal([17f, 26f, 21f, 30f], Run(g, a).Data);
    }
}
