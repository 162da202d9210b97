using NasLab.LatencyOracle.Runtime;
using NasLab.LatencyOracle.Graph;
using NasLab.LatencyOracle.Tests.Reference;

namespace NasLab.LatencyOracle.Tests;

/// <summary>The official onnx checker accepts what the builder writes.</summary>
public sealed class OnnxCheckerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("naslab-onnx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>One graph using every operator the builder offers.</summary>
    private static byte[] EveryOperatorModel()
    {
        var random = new Random(9);
        var g = new OnnxGraphBuilder("every_op");
        var x = g.Input("image", [1, 4, 8, 8], dynamicBatch: true);
        var w = g.Initializer("conv.weight", TestData.Uniform(random, 8 * 2 * 3 * 3), 8, 2, 3, 3);
        var b = g.Initializer("conv.bias", TestData.Uniform(random, 8), 8);
        var y = g.Conv(x, w, b, ConvOptions.Symmetric(1, 1, group: 2), "conv");
        y = g.Relu(y);
        y = g.Relu6(y);
        y = g.Clip(y, -1, 1);
        var parts = g.Split(y, 1, [4, 4]);
        var gate = g.HardSigmoid(g.GlobalAveragePool(parts[0]));
        var left = g.Mul(parts[0], g.Sigmoid(gate));
        var right = g.HardSwish(parts[1]);
        y = g.Add(g.Concat(1, [left, right]), g.Identity(y));
        y = g.Pad(y, [0, 0, 1, 1, 0, 0, 1, 1], PadMode.Reflect);
        y = g.MaxPool(y, PoolOptions.Square(3, 1));
        y = g.AveragePool(y, PoolOptions.Square(3, 2, 1, countIncludePad: true));
        y = g.Slice(y, [0], [2], [2]);
        y = g.Reshape(g.Flatten(g.GlobalAveragePool(y)), [-1, 8]);
        var fc = g.Initializer("fc.weight", TestData.Uniform(random, 3 * 8), 3, 8);
        g.Output(g.Gemm(y, fc, transB: true), "logits");
        return g.ToBytes();
    }

    [OnnxCheckerFact]
    public void EveryOperatorModelPassesTheChecker() => AssertChecks(EveryOperatorModel(), "every_op.onnx");

    [OnnxCheckerFact]
    public void MobileBlockPassesTheChecker() => AssertChecks(MobileBlockTests.Build(1).Model, "block.onnx");

    [Fact]
    public void EveryOperatorModelAlsoRunsInOrt()
    {
        using var session = SessionFactory.Create(EveryOperatorModel());
        var logits = session.Run(TestData.Feed("image", TestData.Tensor(new Random(1), 1, 4, 8, 8)))["logits"];
        Assert.Equal([1L, 3L], logits.Shape);
        Assert.All(logits.Data, v => Assert.True(float.IsFinite(v)));
    }

    private void AssertChecks(byte[] model, string fileName)
    {
        var path = Path.Combine(_directory, fileName);
        File.WriteAllBytes(path, model);
        var (exitCode, output) = PythonOnnxChecker.Check(path);
        Assert.True(exitCode == 0, $"onnx checker rejected the model: {output}");
        Assert.Contains($"ok opset {OnnxGraphBuilder.OpsetVersion}", output);
    }
}
