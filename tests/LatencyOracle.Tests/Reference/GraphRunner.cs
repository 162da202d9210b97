using NasLab.LatencyOracle.Graph;
using NasLab.LatencyOracle.Runtime;

namespace NasLab.LatencyOracle.Tests.Reference;

/// <summary>Runs a built graph through ORT with one input and returns its single output.</summary>
internal static class GraphRunner
{
    /// <summary>
    /// Runs the graph and also checks the builder's shape inference: the output shape the graph
    /// declares (read back from ORT) must match the shape ORT actually produced.
    /// </summary>
    public static FloatTensor RunSingle(OnnxGraphBuilder graph, string inputName, FloatTensor input)
    {
        using var session = SessionFactory.Create(graph.ToBytes());
        var declared = Assert.Single(session.OutputMetadata).Value.Dimensions;
        var output = Assert.Single(session.Run(TestData.Feed(inputName, input))).Value;
        Assert.Equal(declared.Length, output.Shape.Count);
        for (var i = 0; i < output.Shape.Count; i++)
            Assert.True(declared[i] < 0 || declared[i] == output.Shape[i],
                $"Declared output shape [{string.Join(",", declared)}] disagrees with actual [{string.Join(",", output.Shape)}].");
        return output;
    }
}
