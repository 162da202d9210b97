namespace NasLab.LatencyOracle.Native;

/// <summary>
/// An error reported by ONNX Runtime through an <c>OrtStatus</c>; carries ORT's own code and message
/// so callers (and logs) see exactly what the runtime rejected.
/// </summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(OrtErrorCode errorCode, string ortMessage, string operation)
        : base($"ONNX Runtime {operation} failed [{errorCode}]: {ortMessage}")
    {
        ErrorCode = errorCode;
        OrtMessage = ortMessage;
        Operation = operation;
    }

    /// <summary>ORT's error code.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>ORT's message, verbatim.</summary>
    public string OrtMessage { get; }

    /// <summary>The C API function that failed (e.g. "CreateSessionFromArray").</summary>
    public string Operation { get; }
}
