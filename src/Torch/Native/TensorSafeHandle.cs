using System.Runtime.InteropServices;

namespace NasLab.Torch.Native;

/// <summary>
/// Owns one at::Tensor* from the shim. SafeHandle keeps the native tensor alive for the duration of
/// every P/Invoke that receives it, even if the managed Tensor becomes unreachable mid-call.
/// </summary>
internal sealed class TensorSafeHandle : SafeHandle
{
    /// <summary>Stands for an absent optional tensor (a null pointer on the native side).</summary>
    public static readonly TensorSafeHandle Null = new(IntPtr.Zero, ownsHandle: false);

    public TensorSafeHandle(IntPtr handle, bool ownsHandle = true) : base(IntPtr.Zero, ownsHandle) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.nl_tensor_free(handle);
        return true;
    }
}
