using System.Runtime.InteropServices;
using TorchSharp;

namespace NasLab.SearchSpace.Engine;

/// <summary>
/// Process-wide TorchSharp setup, done once before the first tensor: glibc malloc tuning, a clear
/// error when the native library cannot be loaded, and the thread count and seed a run depends on.
/// </summary>
public static class TorchEngine
{
    private static readonly object Gate = new();
    private static bool _initialized;

    /// <summary>
    /// Loads libtorch (once). Throws <see cref="TorchNativeLibraryException"/> naming what to run
    /// when the native library is missing or cannot be loaded.
    /// </summary>
    public static void EnsureInitialized()
    {
        if (_initialized) return;
        lock (Gate)
        {
            if (_initialized) return;
            MallocTuning.Apply();
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
            {
                throw TorchNativeLibraryException.From(e);
            }
            _initialized = true;
        }
    }

    /// <summary>Intra-op threads libtorch uses for one operator.</summary>
    public static int NumThreads
    {
        get { EnsureInitialized(); return torch.get_num_threads(); }
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "Thread count must be at least 1.");
            EnsureInitialized();
            torch.set_num_threads(value);
        }
    }

    /// <summary>Seeds libtorch's global generator (weight initialisation, dropout).</summary>
    public static void ManualSeed(ulong seed)
    {
        EnsureInitialized();
        torch.manual_seed(unchecked((long)seed));
    }

    /// <summary>
    /// glibc's default malloc thresholds make a .NET host unmap and re-fault activation memory on every
    /// training step (about 2,500 page faults per step, 20% of throughput here). A 32 MiB mmap
    /// threshold (glibc's dynamic maximum on 64-bit) and a 1 GiB trim threshold keep it mapped.
    /// </summary>
    private static class MallocTuning
    {
        private const int MTrimThreshold = -1, MMmapThreshold = -3;

        [DllImport("libc", EntryPoint = "mallopt")]
        private static extern int Mallopt(int param, int value);

        public static void Apply()
        {
            if (!OperatingSystem.IsLinux()) return;
            try
            {
                Mallopt(MMmapThreshold, 32 << 20);
                Mallopt(MTrimThreshold, 1 << 30);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (musl): nothing to tune.
            }
        }
    }
}
