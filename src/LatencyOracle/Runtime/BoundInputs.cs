using Microsoft.ML.OnnxRuntime;

namespace NasLab.LatencyOracle.Runtime;

/// <summary>
/// Input tensors wrapped as ORT values over their pinned managed arrays (no copy). Built once and
/// reused across runs so timed runs measure inference only, not tensor creation.
/// </summary>
public sealed class BoundInputs : IDisposable
{
    private readonly Dictionary<string, OrtValue> _values = new();
    private bool _disposed;

    public BoundInputs(IReadOnlyDictionary<string, FloatTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        try
        {
            foreach (var (name, tensor) in inputs)
                _values.Add(name, OrtValue.CreateTensorValueFromMemory(tensor.Data, tensor.Shape.ToArray()));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The values by input name, as ORT's Run takes them.</summary>
    public IReadOnlyDictionary<string, OrtValue> Values
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _values;
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (var value in _values.Values)
            value.Dispose();
    }
}
