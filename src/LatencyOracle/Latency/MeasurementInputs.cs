using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NasLab.LatencyOracle.Runtime;

namespace NasLab.LatencyOracle.Latency;

/// <summary>Makes concrete batch-1 input tensors for a session under a device profile.</summary>
public static class MeasurementInputs
{
    /// <summary>
    /// Resolves each input's shape: a dynamic first dimension becomes 1 (batch 1); for 4-D inputs the
    /// profile's resolution, if any, replaces H and W (ORT rejects it, with its message, if the model's
    /// H and W are fixed to something else). Data is deterministic pseudo-random in [-1, 1): zeros could
    /// let kernels take shortcuts real images never allow.
    /// </summary>
    /// <param name="inputs">Input metadata by name, in graph order (<see cref="InferenceSession.InputMetadata"/>).</param>
    public static Dictionary<string, FloatTensor> Create(IReadOnlyDictionary<string, NodeMetadata> inputs, DeviceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var random = new Random(20240601);
        var result = new Dictionary<string, FloatTensor>(inputs.Count);
        foreach (var (name, input) in inputs)
        {
            if (!input.IsTensor || input.ElementDataType != TensorElementType.Float)
                throw new NotSupportedException($"Input '{name}' is not a float32 tensor ({input.OnnxValueType}, {input.ElementDataType}); only float32 inputs can be measured.");
            var shape = ResolveShape(name, input.Dimensions, profile);
            var data = new float[checked((int)FloatTensor.ElementCount(shape))];
            for (var i = 0; i < data.Length; i++)
                data[i] = (float)(random.NextDouble() * 2 - 1);
            result[name] = new FloatTensor(data, shape);
        }
        return result;
    }

    /// <summary>The concrete shape fed for input <paramref name="name"/> (dimensions as ORT reports them,
    /// -1 where dynamic) under <paramref name="profile"/>.</summary>
    public static long[] ResolveShape(string name, IReadOnlyList<int> dimensions, DeviceProfile profile)
    {
        var shape = dimensions.Select(d => (long)d).ToArray();
        if (shape.Length > 0 && shape[0] < 0)
            shape[0] = 1;
        if (shape.Length == 4 && profile.Resolution is { } resolution)
            shape[2] = shape[3] = resolution;
        var unresolved = Enumerable.Range(0, shape.Length).Where(i => shape[i] < 0).ToArray();
        if (unresolved.Length > 0)
            throw new InvalidOperationException(
                $"Input {name}[{string.Join(",", dimensions)}] has dynamic dimension(s) at index {string.Join(", ", unresolved)} that batch 1 does not fix; " +
                $"give device profile '{profile.Name}' a resolution or export the model with a fixed input size.");
        return shape;
    }
}
