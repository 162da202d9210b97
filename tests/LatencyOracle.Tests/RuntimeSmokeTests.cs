using NasLab.LatencyOracle.Graph;
using NasLab.LatencyOracle.Native;
using NasLab.LatencyOracle.Runtime;

namespace NasLab.LatencyOracle.Tests;

public class RuntimeSmokeTests
{
    [Fact]
    public void VersionStringIsAnOrtVersion()
    {
        var version = OrtRuntime.Shared.VersionString;
        Assert.Matches(@"^1\.\d+\.\d+", version);
    }

    [Fact]
    public void ReluModelRunsAndReportsItsSignature()
    {
        var g = new OnnxGraphBuilder();
        var x = g.Input("x", [1, 4], dynamicBatch: true);
        g.Output(g.Relu(x, "act"), "y");
        using var session = InferenceSession.Create(g.ToBytes());

        var input = Assert.Single(session.Inputs);
        Assert.Equal("x", input.Name);
        Assert.Equal([-1L, 4L], input.Shape);
        Assert.Equal("batch", input.SymbolicDimensions[0]);
        Assert.Equal("y", Assert.Single(session.Outputs).Name);

        var result = session.Run(new Dictionary<string, FloatTensor> { ["x"] = new([-1f, 2f, -3f, 4f, 5f, -6f, 0f, 1f], 2, 4) });
        var y = result["y"];
        Assert.Equal([2L, 4L], y.Shape);
        Assert.Equal([0f, 2f, 0f, 4f, 5f, 0f, 0f, 1f], y.Data);
    }
}
