using NasLab.Torch.Native;
using static NasLab.Torch.Native.NativeMethods;

namespace NasLab.Torch;

// Creation functions, in the spirit of torch.zeros / torch.randn / torch.tensor.
public sealed partial class Tensor
{
    private static Tensor Create(CreateKind kind, long[] shape, DType dtype, Device? device, double value = 0, Generator? generator = null)
    {
        var d = device ?? Device.Cpu;
        var rc = nl_create((int)kind, shape, shape.Length, (int)dtype, (int)d.Type, d.Index, value, generator?.Handle ?? IntPtr.Zero, out var r);
        GC.KeepAlive(generator);
        return Wrap(rc, r);
    }

    public static Tensor Empty(long[] shape, DType dtype = DType.Float32, Device? device = null) => Create(CreateKind.Empty, shape, dtype, device);
    public static Tensor Zeros(long[] shape, DType dtype = DType.Float32, Device? device = null) => Create(CreateKind.Zeros, shape, dtype, device);
    public static Tensor Ones(long[] shape, DType dtype = DType.Float32, Device? device = null) => Create(CreateKind.Ones, shape, dtype, device);
    public static Tensor Full(long[] shape, double value, DType dtype = DType.Float32, Device? device = null) => Create(CreateKind.Full, shape, dtype, device, value);

    /// <summary>Standard normal samples, from <paramref name="generator"/> or the global generator.</summary>
    public static Tensor Randn(long[] shape, DType dtype = DType.Float32, Generator? generator = null, Device? device = null) =>
        Create(CreateKind.Randn, shape, dtype, device, 0, generator);

    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor Rand(long[] shape, DType dtype = DType.Float32, Generator? generator = null, Device? device = null) =>
        Create(CreateKind.Rand, shape, dtype, device, 0, generator);

    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DType.Int64)
        => Wrap(nl_arange(start, end, step, (int)dtype, out var r), r);

    /// <summary>A new CPU tensor holding a copy of <paramref name="data"/> with the given shape.</summary>
    public static unsafe Tensor From<T>(ReadOnlySpan<T> data, params long[] shape) where T : unmanaged
    {
        if (shape.Length == 0 && data.Length != 1) shape = [data.Length];
        var dtype = DTypeExtensions.Of<T>();
        fixed (T* p = data)
            return Wrap(nl_from_data(p, (long)data.Length * sizeof(T), shape, shape.Length, (int)dtype, out var r), r);
    }

    public static Tensor From<T>(T[] data, params long[] shape) where T : unmanaged => From((ReadOnlySpan<T>)data, shape);

    /// <summary>A 0-dimensional tensor.</summary>
    public static Tensor Scalar(float value) => From([value], Array.Empty<long>());

    public static Tensor Cat(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        var handles = Handles(tensors);
        var rc = nl_cat(handles, handles.Length, dim, out var r);
        GC.KeepAlive(tensors);
        return Wrap(rc, r);
    }

    public static Tensor Stack(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        var handles = Handles(tensors);
        var rc = nl_stack(handles, handles.Length, dim, out var r);
        GC.KeepAlive(tensors);
        return Wrap(rc, r);
    }

    /// <summary>Raw handles for list arguments; callers keep the tensors alive across the call.</summary>
    internal static IntPtr[] Handles(IReadOnlyList<Tensor> tensors)
    {
        var handles = new IntPtr[tensors.Count];
        for (int i = 0; i < handles.Length; i++) handles[i] = tensors[i].Handle.DangerousGetHandle();
        return handles;
    }
}
