using NasLab.Torch.Native;
using static NasLab.Torch.Native.NativeMethods;

namespace NasLab.Torch;

/// <summary>
/// An independent random stream (libtorch's CPU Mersenne-Twister generator). The controller
/// samples from its own generator so that child training never shifts the search's sequence,
/// and saves / restores its state for exact resumption.
/// </summary>
public sealed class Generator : IDisposable
{
    private IntPtr _handle;

    public Generator(ulong seed)
    {
        Status.Check(nl_generator_new(seed, out _handle));
    }

    internal IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(Generator));

    /// <summary>The generator's complete state as bytes.</summary>
    public byte[] GetState() => GetState(Handle);

    public void SetState(byte[] state) => Status.Check(nl_generator_set_state(Handle, state, state.Length));

    /// <summary>State of the global (default) generator used when no generator is passed.</summary>
    public static byte[] GetGlobalState() => GetState(IntPtr.Zero);

    public static void SetGlobalState(byte[] state) => Status.Check(nl_generator_set_state(IntPtr.Zero, state, state.Length));

    private static byte[] GetState(IntPtr handle)
    {
        Status.Check(nl_generator_state_size(handle, out var size));
        var buffer = new byte[size];
        Status.Check(nl_generator_get_state(handle, buffer, size));
        return buffer;
    }

    public void Dispose()
    {
        if (_handle == IntPtr.Zero) return;
        nl_generator_free(_handle);
        _handle = IntPtr.Zero;
        GC.SuppressFinalize(this);
    }

    ~Generator() => Dispose();
}
