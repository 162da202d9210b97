using NasLab.Torch.Native;
using static NasLab.Torch.Native.NativeMethods;

namespace NasLab.Torch;

/// <summary>
/// A libtorch tensor. Owns one native handle; dispose it (or let a <see cref="DisposeScope"/> do so)
/// to free native memory deterministically. The finalizer is only a safety net.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly TensorSafeHandle _handle;

    internal Tensor(IntPtr handle)
    {
        _handle = new TensorSafeHandle(handle);
        DisposeScope.Register(this);
    }

    /// <summary>Checks a status code and wraps the handle the call produced.</summary>
    internal static Tensor Wrap(int rc, IntPtr result)
    {
        Status.Check(rc);
        return new Tensor(result);
    }

    internal DisposeScope? Scope { get; set; }

    internal TensorSafeHandle Handle => _handle.IsClosed
        ? throw new ObjectDisposedException(nameof(Tensor), "Cannot use a disposed tensor. If a DisposeScope freed it, keep it with scope.MoveToOuter(t) or t.DetachFromDisposeScope().")
        : _handle;

    public bool IsDisposed => _handle.IsClosed;

    public void Dispose()
    {
        Scope?.Forget(this);
        _handle.Dispose();
    }

    /// <summary>Takes this tensor out of its dispose scope; the caller now owns it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope?.Forget(this);
        return this;
    }

    // ---- metadata

    private (int Ndim, DType DType, Device Device, bool RequiresGrad) Info()
    {
        Status.Check(nl_tensor_info(Handle, out var ndim, out var dtype, out var devType, out var devIndex, out var rg));
        return (ndim, (DType)dtype, new Device((DeviceType)devType, devIndex), rg != 0);
    }

    public int Dim => Info().Ndim;
    public DType DType => Info().DType;
    public Device Device => Info().Device;

    public long[] Shape
    {
        get
        {
            var shape = new long[Info().Ndim];
            Status.Check(nl_tensor_shape(Handle, shape, shape.Length));
            return shape;
        }
    }

    public long Size(int dim)
    {
        var shape = Shape;
        return shape[dim < 0 ? dim + shape.Length : dim];
    }

    public long NumElements => Shape.Aggregate(1L, (a, b) => a * b);

    public bool RequiresGrad
    {
        get => Info().RequiresGrad;
        set => Status.Check(nl_set_requires_grad(Handle, value ? 1 : 0));
    }

    public bool IsContiguous(MemoryFormat format = MemoryFormat.Contiguous)
    {
        Status.Check(nl_tensor_is_contiguous(Handle, (int)format, out var r));
        return r != 0;
    }

    public override string ToString() =>
        IsDisposed ? "Tensor(disposed)" : $"Tensor([{string.Join(", ", Shape)}], {DType}, {Device}{(RequiresGrad ? ", requires_grad" : "")})";

    // ---- data transfer (one bulk copy each way)

    /// <summary>The single element of a one-element tensor, as double.</summary>
    public double Item()
    {
        Status.Check(nl_item(Handle, out var v));
        return v;
    }

    public float ItemSingle() => (float)Item();

    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        CheckElementType<T>();
        fixed (T* p = destination)
            Status.Check(nl_copy_to_host(Handle, p, (long)destination.Length * sizeof(T)));
    }

    public T[] ToArray<T>() where T : unmanaged
    {
        var data = new T[NumElements];
        CopyTo<T>(data);
        return data;
    }

    /// <summary>Overwrites the elements from host memory, outside autograd (used for loading weights).</summary>
    public unsafe void CopyFrom<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        CheckElementType<T>();
        fixed (T* p = source)
            Status.Check(nl_copy_from_host(Handle, p, (long)source.Length * sizeof(T)));
    }

    /// <summary>The elements' raw bytes in logical order, whatever the dtype.</summary>
    public unsafe void CopyBytesTo(Span<byte> destination)
    {
        fixed (byte* p = destination)
            Status.Check(nl_copy_to_host(Handle, p, destination.Length));
    }

    public unsafe void CopyBytesFrom(ReadOnlySpan<byte> source)
    {
        fixed (byte* p = source)
            Status.Check(nl_copy_from_host(Handle, p, source.Length));
    }

    private void CheckElementType<T>() where T : unmanaged
    {
        var want = DTypeExtensions.Of<T>();
        var have = DType;
        if (want != have)
            throw new TorchException($"Element type mismatch: tensor is {have} but the buffer holds {typeof(T).Name} ({want}). Convert with .To(DType.{want}) first.");
    }
}
