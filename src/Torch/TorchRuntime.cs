using System.Text;
using NasLab.Torch.Native;
using static NasLab.Torch.Native.NativeMethods;

namespace NasLab.Torch;

/// <summary>Process-wide engine settings.</summary>
public static class TorchRuntime
{
    /// <summary>Seeds libtorch's global generator (weight initialisation, dropout, default sampling).</summary>
    public static void ManualSeed(ulong seed) => Status.Check(nl_manual_seed(seed));

    /// <summary>Intra-op threads libtorch uses for one operator.</summary>
    public static int NumThreads
    {
        get { Status.Check(nl_get_num_threads(out var n)); return n; }
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "Thread count must be at least 1.");
            Status.Check(nl_set_num_threads(value));
        }
    }

    /// <summary>The libtorch version the shim was compiled against, e.g. "1.13.0a0".</summary>
    public static string Version
    {
        get
        {
            var buffer = new byte[64];
            Status.Check(nl_version(buffer, buffer.Length));
            return Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0) is var n and >= 0 ? n : buffer.Length);
        }
    }

    public static bool CudaAvailable
    {
        get { Status.Check(nl_cuda_device_count(out var n)); return n > 0; }
    }
}
