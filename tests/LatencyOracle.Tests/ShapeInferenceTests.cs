using NasLab.LatencyOracle.Graph;
using NasLab.LatencyOracle.Tests.Reference;

namespace NasLab.LatencyOracle.Tests;

public class ShapeInferenceTests
{
    [Fact]
    public void DynamicBatchFlowsThroughPoolFlattenAndReshape()
    {
        var g = new OnnxGraphBuilder();
        var x = g.Input("x", [1, 8, 5, 5], dynamicBatch: true);
        var y = g.Reshape(g.Flatten(g.GlobalAveragePool(x)), [-1, 8]);
        Assert.Equal([Dim.Symbolic("batch"), Dim.Of(8)], g.ShapeOf(y));
    }

    [Theory]
    [InlineData(new long[] { 1 }, new long[] { 5 }, new long[] { 1 }, 4)]
    [InlineData(new long[] { -1 }, new long[] { -10 }, new long[] { -2 }, 4)]   // reversed, stride 2 from the end
    [InlineData(new long[] { 0 }, new long[] { 100 }, new long[] { 3 }, 3)]
    [InlineData(new long[] { 6 }, new long[] { 2 }, new long[] { 1 }, 0)]
    public void SliceLengthsMatchOrt(long[] starts, long[] ends, long[] steps, long expected)
    {
        var x = new Runtime.FloatTensor(Enumerable.Range(0, 8).Select(i => (float)i).ToArray(), 8);
        var g = new OnnxGraphBuilder();
        var y = g.Slice(g.Input("x", [8]), starts, ends, [0], steps);
        Assert.Equal([Dim.Of(expected)], g.ShapeOf(y));
        g.Output(y);
        Assert.Equal([expected], GraphRunner.RunSingle(g, "x", x).Shape);
    }

    [Fact]
    public void CeilModePoolingAddsTheLastPartialWindow()
    {
        var g = new OnnxGraphBuilder();
        var x = g.Input("x", [1, 1, 6, 6]);
        var floor = g.MaxPool(x, PoolOptions.Square(3, 2));
        var ceil = g.MaxPool(x, PoolOptions.Square(3, 2, ceilMode: true));
        Assert.Equal(2, g.ShapeOf(floor)[2].Value);
        Assert.Equal(3, g.ShapeOf(ceil)[2].Value);
        g.Output(ceil);
        Assert.Equal([1L, 1, 3, 3], GraphRunner.RunSingle(g, "x", new Runtime.FloatTensor(new float[36], 1, 1, 6, 6)).Shape);
    }

    [Fact]
    public void IncompatibleShapesAreReportedWithTheNodeName()
    {
        var g = new OnnxGraphBuilder();
        var a = g.Input("a", [1, 3, 4, 4]);
        var b = g.Input("b", [1, 2, 4, 4]);
        Assert.Contains("sum", Assert.Throws<ArgumentException>(() => g.Add(a, b, "sum")).Message);
        Assert.Contains("parts", Assert.Throws<ArgumentException>(() => g.Split(a, 1, [1, 1], "parts")).Message);
        Assert.Contains("fc", Assert.Throws<ArgumentException>(() => g.Gemm(g.Flatten(a), g.Initializer("w", new float[4 * 5], 4, 5), name: "fc")).Message);
    }
}
