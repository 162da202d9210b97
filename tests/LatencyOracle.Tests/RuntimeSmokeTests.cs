using Microsoft.ML.OnnxRuntime;
using NasLab.LatencyOracle.Graph;
using NasLab.LatencyOracle.Runtime;

namespace NasLab.LatencyOracle.Tests;

public class RuntimeSmokeTests
{
    [Fact]
    public void NativeRuntimeIsTheVersionOfTheManagedPackage()
    {
        // A stale libonnxruntime.so found first on the library path would report another version.
        var managed = typeof(InferenceSession).Assembly.GetName().Version!;
        Assert.StartsWith($"{managed.Major}.{managed.Minor}.{managed.Build}", SessionFactory.RuntimeVersion);
    }

    [Fact]
    public void ReluModelRunsAndReportsItsSignature()
    {
        var g = new OnnxGraphBuilder();
        var x = g.Input("x", [1, 4], dynamicBatch: true);
        g.Output(g.Relu(x, "act"), "y");
        using var session = SessionFactory.Create(g.ToBytes());

        var (name, input) = Assert.Single(session.InputMetadata);
        Assert.Equal("x", name);
        Assert.Equal([-1, 4], input.Dimensions);
        Assert.Equal("batch", input.SymbolicDimensions[0]);
        Assert.Equal("y", Assert.Single(session.OutputNames));

        var result = session.Run(new Dictionary<string, FloatTensor> { ["x"] = new([-1f, 2f, -3f, 4f, 5f, -6f, 0f, 1f], 2, 4) });
        var y = result["y"];
        Assert.Equal([2L, 4L], y.Shape);
        Assert.Equal([0f, 2f, 0f, 4f, 5f, 0f, 0f, 1f], y.Data);
    }
}
