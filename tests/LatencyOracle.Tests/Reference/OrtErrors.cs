using Microsoft.ML.OnnxRuntime;

namespace NasLab.LatencyOracle.Tests.Reference;

/// <summary>Reads ONNX Runtime's error code out of its exception (the managed API keeps the code
/// internal and puts it at the front of the message as "[ErrorCode:Name] ...").</summary>
internal static class OrtErrors
{
    public static void AssertCode(string expectedCode, OnnxRuntimeException error) =>
        Assert.StartsWith($"[ErrorCode:{expectedCode}]", error.Message);
}
