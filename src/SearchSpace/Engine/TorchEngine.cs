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
            // TorchSharp prints a page of loader trace to stdout when loading fails. The user gets one line
            // instead; the trace goes into the exception (TorchNativeLibraryException.LoaderTrace) for logs.
            var console = Console.Out;
            var trace = new StringWriter();
            Console.SetOut(trace);
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
            {
                throw TorchNativeLibraryException.From(e, trace.ToString());
            }
            finally
            {
                Console.SetOut(console);
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
    /// training step (about 2,500 page faults per step, 20% of throughput here). A 1 GiB trim threshold
    /// keeps freed heap memory mapped. glibc serves every block above its mmap threshold (at most
    /// 32 MiB on 64-bit) with a fresh mmap, and libtorch 2.10 allocates and frees several 48 MiB
    /// activation buffers per step at CIFAR resolution (MobileNetV2-0.5 with CIFAR strides, batch
    /// 128): measured 3.7M page faults and 210 images/s, against 0.68M and 249 images/s with mmap
    /// off. So blocks come from the heap only (M_MMAP_MAX = 0); glibc still falls back to mmap when
    /// a heap cannot grow. The price is a higher peak RSS (2.7 GB instead of 2.0 GB in that run).
    /// </summary>
    private static class MallocTuning
    {
        private const int MTrimThreshold = -1, MMmapMax = -4;

        [DllImport("libc", EntryPoint = "mallopt")]
        private static extern int Mallopt(int param, int value);

        public static void Apply()
        {
            if (!OperatingSystem.IsLinux()) return;
            try
            {
                // No mmap threshold: with M_MMAP_MAX = 0 no block is served by mmap, whatever its size.
                Mallopt(MTrimThreshold, 1 << 30);
                Mallopt(MMmapMax, 0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (musl): nothing to tune.
            }
        }
    }
}
