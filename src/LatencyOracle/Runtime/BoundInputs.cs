using System.Runtime.InteropServices;
using NasLab.LatencyOracle.Native;

namespace NasLab.LatencyOracle.Runtime;

/// <summary>
/// Input tensors wrapped as ORT values over pinned managed arrays (no copy). Built once and reused
/// across runs so timed runs measure inference only, not tensor creation.
/// </summary>
public sealed unsafe class BoundInputs : IDisposable
{
    private readonly List<GCHandle> _pins = new();
    private readonly List<OrtHandle> _values = new();
    private readonly List<nint> _names = new();
    private bool _disposed;

    internal BoundInputs(OrtRuntime runtime, IReadOnlyDictionary<string, FloatTensor> inputs)
    {
        var api = runtime.Api;
        try
        {
            foreach (var (name, tensor) in inputs)
            {
                var pin = GCHandle.Alloc(tensor.Data, GCHandleType.Pinned);
                _pins.Add(pin);
                var shape = tensor.Shape.ToArray();
                nint value;
                fixed (long* shapePtr = shape)
                {
                    api.Check(api.CreateTensorWithDataAsOrtValue(
                        runtime.CpuMemoryInfo,
                        (void*)pin.AddrOfPinnedObject(),
                        (nuint)((long)tensor.Data.Length * sizeof(float)),
                        shapePtr,
                        (nuint)shape.Length,
                        TensorInfo.Float32,
                        &value), $"CreateTensorWithDataAsOrtValue (input '{name}')");
                }
                _values.Add(new OrtHandle(value, api.ReleaseValue));
                _names.Add(Marshal.StringToCoTaskMemUTF8(name));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    internal int Count => _values.Count;

    /// <summary>Writes the raw name and value pointers into caller-provided arrays (same order).</summary>
    internal void CopyPointers(Span<nint> names, Span<nint> values)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var i = 0; i < _values.Count; i++)
        {
            names[i] = _names[i];
            values[i] = _values[i].Pointer;
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        // Values first: they point into the pinned arrays.
        foreach (var value in _values)
            value.Dispose();
        foreach (var pin in _pins)
            pin.Free();
        foreach (var name in _names)
            Marshal.FreeCoTaskMem(name);
    }
}
