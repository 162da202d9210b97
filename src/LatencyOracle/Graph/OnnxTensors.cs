using System.Runtime.InteropServices;
using Google.Protobuf;
using NasLab.LatencyOracle.Onnx.Proto;

namespace NasLab.LatencyOracle.Graph;

/// <summary>Factory for ONNX <see cref="TensorProto"/> initializers stored as little-endian raw_data.</summary>
internal static class OnnxTensors
{
    public static TensorProto Float(string name, ReadOnlySpan<float> data, IReadOnlyList<long> dims) =>
        Create(name, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(data), data.Length, dims);

    public static TensorProto Int64(string name, ReadOnlySpan<long> data, IReadOnlyList<long> dims) =>
        Create(name, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(data), data.Length, dims);

    private static TensorProto Create(string name, TensorProto.Types.DataType type, ReadOnlySpan<byte> bytes, int count, IReadOnlyList<long> dims)
    {
        // raw_data is defined as little-endian; .NET on every platform we target is little-endian too.
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX raw_data writing assumes a little-endian machine.");
        var expected = dims.Aggregate(1L, (a, b) => a * b);
        if (expected != count)
            throw new ArgumentException($"Initializer '{name}': dims [{string.Join(",", dims)}] need {expected} values, got {count}.");

        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
