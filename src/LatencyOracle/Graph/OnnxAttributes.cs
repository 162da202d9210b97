using Google.Protobuf;
using NasLab.LatencyOracle.Onnx.Proto;

namespace NasLab.LatencyOracle.Graph;

/// <summary>Factory for ONNX <see cref="AttributeProto"/>s (sets the type discriminator ORT requires).</summary>
internal static class OnnxAttributes
{
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, IEnumerable<int> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values.Select(v => (long)v));
        return attribute;
    }
}
