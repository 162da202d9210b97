using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NasLab.LatencyOracle.Runtime;

/// <summary>Runs an ORT session on <see cref="FloatTensor"/>s: float32 in, float32 out, by name.</summary>
public static class FloatTensorRuns
{
    /// <summary>Runs the model once and returns every output by name (copied out of ORT's memory).</summary>
    /// <exception cref="OnnxRuntimeException">ORT rejected the inputs (e.g. wrong shape or name).</exception>
    public static IReadOnlyDictionary<string, FloatTensor> Run(this InferenceSession session, IReadOnlyDictionary<string, FloatTensor> inputs)
    {
        using var bound = new BoundInputs(inputs);
        return session.Run(bound);
    }

    /// <summary>Runs the model once on pre-bound inputs and returns every output by name.</summary>
    public static IReadOnlyDictionary<string, FloatTensor> Run(this InferenceSession session, BoundInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(inputs);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, inputs.Values, session.OutputNames);
        var result = new Dictionary<string, FloatTensor>(outputs.Count);
        var index = 0;
        foreach (var output in outputs)
        {
            var name = session.OutputNames[index++];
            result[name] = ToFloatTensor(output, name);
        }
        return result;
    }

    /// <summary>Copies a float32 tensor value out of ORT's memory.</summary>
    public static FloatTensor ToFloatTensor(OrtValue value, string name)
    {
        var info = value.GetTensorTypeAndShape();
        if (info.ElementDataType != TensorElementType.Float)
            throw new NotSupportedException($"Output '{name}' has ONNX element type {info.ElementDataType}; only float32 outputs are supported.");
        return new FloatTensor(value.GetTensorDataAsSpan<float>().ToArray(), info.Shape);
    }
}
