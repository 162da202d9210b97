using Microsoft.ML.OnnxRuntime;
using Google.Protobuf;
using NasLab.LatencyOracle.Graph;
using NasLab.LatencyOracle.Runtime;
using NasLab.LatencyOracle.Tests.Reference;

namespace NasLab.LatencyOracle.Tests;

public class ErrorHandlingTests
{
    private static byte[] ReluModel(long[] shape)
    {
        var g = new OnnxGraphBuilder();
        g.Output(g.Relu(g.Input("x", shape)), "y");
        return g.ToBytes();
    }

    [Fact]
    public void WrongInputShapeGivesOrtsMessage()
    {
        using var session = SessionFactory.Create(ReluModel([1, 3, 4, 4]));
        var wrong = new FloatTensor(new float[3 * 5 * 4], 1, 3, 5, 4);
        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(TestData.Feed("x", wrong)));
        OrtErrors.AssertCode("InvalidArgument", error);
        Assert.Contains("dimensions", error.Message, StringComparison.OrdinalIgnoreCase);

        // The session survives a rejected call.
        var right = new FloatTensor(new float[48], 1, 3, 4, 4);
        Assert.Equal(48, session.Run(TestData.Feed("x", right))["y"].Data.Length);
    }

    [Fact]
    public void UnknownInputNameGivesOrtsMessage()
    {
        using var session = SessionFactory.Create(ReluModel([2]));
        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(TestData.Feed("nope", new FloatTensor([1f, 2f], 2))));
        OrtErrors.AssertCode("InvalidArgument", error);
        Assert.Contains("nope", error.Message);
    }

    [Fact]
    public void GarbageModelBytesAreRejected()
    {
        var garbage = Enumerable.Range(0, 256).Select(i => (byte)(i * 37 + 11)).ToArray();
        var error = Assert.Throws<OnnxRuntimeException>(() => SessionFactory.Create(garbage));
        OrtErrors.AssertCode("InvalidProtobuf", error);
    }

    [Fact]
    public void EmptyModelBytesAreRejectedBeforeOrt()
    {
        var error = Assert.Throws<ArgumentException>(() => SessionFactory.Create([]));
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void NegativeThreadCountsAreRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SessionFactory.CreateOptions(new SessionSettings(IntraOpThreads: -1)));

    [Fact]
    public void ModelWithAnUnknownOperatorIsRejectedWithOrtsMessage()
    {
        var g = new OnnxGraphBuilder();
        g.Output(g.Relu(g.Input("x", [2]), "act"));
        var model = g.BuildModel();
        model.Graph.Node[0].OpType = "NoSuchOperator";
        var error = Assert.Throws<OnnxRuntimeException>(() => SessionFactory.Create(model.ToByteArray()));
        Assert.Contains("NoSuchOperator", error.Message);
    }

    [Fact]
    public void BuilderRejectsConvWeightsThatDoNotMatchTheInput()
    {
        var g = new OnnxGraphBuilder();
        var x = g.Input("x", [1, 3, 8, 8]);
        var error = Assert.Throws<ArgumentException>(() => g.Conv(x, g.Initializer("w", new float[2 * 5 * 3 * 3], 2, 5, 3, 3), name: "bad_conv"));
        Assert.Contains("bad_conv", error.Message);
    }

    [Fact]
    public void ConvWhoseWeightsDoNotMatchTheInputFailsWithOrtsMessage()
    {
        // Build a valid conv, then corrupt the weight initializer to expect 5 input channels instead of 3:
        // valid protobuf, inconsistent graph, so the error must come from ORT.
        var g = new OnnxGraphBuilder();
        var x = g.Input("x", [1, 3, 8, 8]);
        g.Output(g.Conv(x, g.Initializer("w", new float[2 * 3 * 3 * 3], 2, 3, 3, 3), name: "bad_conv"));
        var model = g.BuildModel();
        var weight = model.Graph.Initializer.Single(t => t.Name == "w");
        weight.Dims[1] = 5;
        weight.RawData = ByteString.CopyFrom(new byte[2 * 5 * 3 * 3 * sizeof(float)]);

        var error = Assert.Throws<OnnxRuntimeException>(() =>
        {
            using var session = SessionFactory.Create(model.ToByteArray());
            session.Run(TestData.Feed("x", new FloatTensor(new float[3 * 64], 1, 3, 8, 8)));
        });
        Assert.Contains("bad_conv", error.Message);
    }

    [Fact]
    public void InputDataThatDoesNotFillItsShapeIsRejectedBeforeOrt()
    {
        var error = Assert.Throws<ArgumentException>(() => new FloatTensor(new float[5], 2, 3));
        Assert.Contains("6 elements", error.Message);
    }

    // Running a disposed Microsoft.ML.OnnxRuntime InferenceSession crashes the process (the package
    // does not guard its released handle), so sessions live only in `using` scopes. Our own bound
    // inputs do guard:
    [Fact]
    public void UsingDisposedInputsThrowsObjectDisposed()
    {
        using var session = SessionFactory.Create(ReluModel([2]));
        var bound = new BoundInputs(TestData.Feed("x", new FloatTensor([1f, -2f], 2)));
        Assert.Equal([1f, 0f], session.Run(bound)["y"].Data);
        bound.Dispose();
        bound.Dispose(); // idempotent
        Assert.Throws<ObjectDisposedException>(() => session.Run(bound));
    }

    [Fact]
    public void GraphBuilderRejectsDuplicateAndUnknownNames()
    {
        var g = new OnnxGraphBuilder();
        var x = g.Input("x", [1]);
        Assert.Throws<ArgumentException>(() => g.Input("x", [1]));
        Assert.Throws<ArgumentException>(() => g.Relu(new OnnxValue("ghost")));
        Assert.Throws<InvalidOperationException>(() => g.ToBytes()); // no outputs yet
        g.Output(g.Relu(x));
        Assert.NotEmpty(g.ToBytes());
    }
}
