using System.Runtime.InteropServices;

namespace NasLab.Torch.Native;

/// <summary>Turns the shim's status codes into exceptions carrying libtorch's message.</summary>
internal static class Status
{
    public static void Check(int rc)
    {
        if (rc != 0) Throw();
    }

    public static void Throw()
    {
        var ptr = NativeMethods.nl_last_error();
        var message = Marshal.PtrToStringUTF8(ptr) ?? "unknown libtorch error";
        throw new TorchException(message.Trim());
    }
}
