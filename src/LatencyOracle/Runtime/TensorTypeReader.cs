using System.Runtime.InteropServices;
using NasLab.LatencyOracle.Native;

namespace NasLab.LatencyOracle.Runtime;

/// <summary>Reads element type and shape out of ORT's type-info objects.</summary>
internal static unsafe class TensorTypeReader
{
    private const int OnnxTypeTensor = 1; // ONNX_TYPE_TENSOR

    /// <summary>Describes a session input/output from its <c>OrtTypeInfo</c> (not freed here).</summary>
    public static TensorInfo FromTypeInfo(OrtApi api, string name, nint typeInfo)
    {
        int onnxType;
        api.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType), "GetOnnxTypeFromTypeInfo");
        if (onnxType != OnnxTypeTensor)
            throw new NotSupportedException($"Graph value '{name}' is not a tensor (ONNXType {onnxType}); only tensors are supported.");

        nint tensorInfo; // Owned by typeInfo: must not be released.
        api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), "CastTypeInfoToTensorInfo");
        var (shape, symbols, elementType) = ReadShape(api, tensorInfo);
        return new TensorInfo(name, shape, symbols, elementType);
    }

    /// <summary>Reads dims, symbolic dim names and element type from an <c>OrtTensorTypeAndShapeInfo</c>.</summary>
    public static (long[] Shape, string[] Symbols, int ElementType) ReadShape(OrtApi api, nint tensorInfo)
    {
        int elementType;
        api.Check(api.GetTensorElementType(tensorInfo, &elementType), "GetTensorElementType");
        nuint rank;
        api.Check(api.GetDimensionsCount(tensorInfo, &rank), "GetDimensionsCount");

        var shape = new long[(int)rank];
        var symbolPointers = new nint[(int)rank];
        fixed (long* dims = shape)
        fixed (nint* symbols = symbolPointers)
        {
            api.Check(api.GetDimensions(tensorInfo, dims, rank), "GetDimensions");
            api.Check(api.GetSymbolicDimensions(tensorInfo, (byte**)symbols, rank), "GetSymbolicDimensions");
        }
        var symbolNames = symbolPointers.Select(p => p == 0 ? "" : Marshal.PtrToStringUTF8(p) ?? "").ToArray();
        return (shape, symbolNames, elementType);
    }
}
