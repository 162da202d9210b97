using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace NasLab.LatencyOracle.Native;

/// <summary>
/// A loaded ONNX Runtime library: its C API table, its version, and the process's single
/// <c>OrtEnv</c>. Use <see cref="Shared"/> normally; <see cref="Load"/> takes an explicit path.
/// </summary>
public sealed unsafe class OrtRuntime
{
    private const int LoggingLevelError = 3; // ORT_LOGGING_LEVEL_ERROR: keep warnings off test output.
    private const int AllocatorTypeDevice = 0; // OrtDeviceAllocator
    private const int MemTypeDefault = 0; // OrtMemTypeDefault

    private static readonly ConcurrentDictionary<string, Lazy<OrtRuntime>> ByPath = new();
    private static readonly Lazy<OrtRuntime> SharedInstance = new(() => Load(OrtLibraryLocator.Locate()));

    private readonly Lazy<nint> _environment;
    private readonly Lazy<nint> _cpuMemoryInfo;
    private readonly Lazy<nint> _defaultAllocator;

    private OrtRuntime(string libraryPath, OrtApi api, string version)
    {
        LibraryPath = libraryPath;
        Api = api;
        VersionString = version;
        _environment = new Lazy<nint>(CreateEnvironment);
        _cpuMemoryInfo = new Lazy<nint>(CreateCpuMemoryInfo);
        _defaultAllocator = new Lazy<nint>(GetDefaultAllocator);
    }

    /// <summary>The runtime found by <see cref="OrtLibraryLocator.Locate()"/>, loaded on first use.</summary>
    public static OrtRuntime Shared => SharedInstance.Value;

    /// <summary>Full path of the loaded library file.</summary>
    public string LibraryPath { get; }

    /// <summary>ORT's version string, e.g. "1.30.0" (<c>OrtApiBase::GetVersionString</c>).</summary>
    public string VersionString { get; }

    internal OrtApi Api { get; }

    /// <summary>The process-wide OrtEnv. Created lazily and never released: ORT keeps one per process and
    /// tearing it down while sessions or finalizers may still run is a known source of crashes at exit.</summary>
    internal nint Environment => _environment.Value;

    /// <summary>Describes plain CPU memory; used to wrap pinned managed arrays as tensors.</summary>
    internal nint CpuMemoryInfo => _cpuMemoryInfo.Value;

    /// <summary>ORT's default CPU allocator (owned by ORT; never freed), used for name strings.</summary>
    internal nint DefaultAllocator => _defaultAllocator.Value;

    /// <summary>Loads (once per path per process) the library at <paramref name="libraryPath"/>.</summary>
    /// <exception cref="OrtLibraryNotFoundException">The file is missing, not loadable, or too old.</exception>
    public static OrtRuntime Load(string libraryPath)
    {
        var full = Path.GetFullPath(libraryPath);
        var lazy = ByPath.GetOrAdd(full, p => new Lazy<OrtRuntime>(() => LoadUncached(p)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Do not cache failures: bootstrap may install the library later in the same process.
            ByPath.TryRemove(new KeyValuePair<string, Lazy<OrtRuntime>>(full, lazy));
            throw;
        }
    }

    private static OrtRuntime LoadUncached(string path)
    {
        var searched = new[] { path };
        if (!File.Exists(path))
            throw new OrtLibraryNotFoundException(
                $"ONNX Runtime native library not found at '{path}'. Run ./bootstrap.sh in the repository root " +
                $"to install it, or set {OrtLibraryLocator.EnvironmentVariable} to the path of libonnxruntime.so.1.",
                searched);

        nint library;
        try
        {
            library = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw new OrtLibraryNotFoundException(
                $"ONNX Runtime library at '{path}' exists but could not be loaded: {e.Message}. Re-run ./bootstrap.sh.",
                searched, e);
        }

        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBaseExport))
            throw new OrtLibraryNotFoundException(
                $"'{path}' was loaded but exports no OrtGetApiBase; it is not an ONNX Runtime library.", searched);

        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
        var apiBase = ((delegate* unmanaged<nint*>)getApiBaseExport)();
        var getApi = (delegate* unmanaged<uint, nint*>)apiBase[0];
        var getVersionString = (delegate* unmanaged<byte*>)apiBase[1];
        var version = Marshal.PtrToStringUTF8((nint)getVersionString()) ?? "unknown";

        var table = getApi(OrtApi.RequestedApiVersion);
        if (table == null)
            throw new OrtLibraryNotFoundException(
                $"ONNX Runtime {version} at '{path}' does not serve C API version {OrtApi.RequestedApiVersion}; " +
                "re-run ./bootstrap.sh to install the supported runtime.", searched);

        return new OrtRuntime(path, new OrtApi(table), version);
    }

    private nint CreateEnvironment()
    {
        nint env;
        var logId = "naslab\0"u8;
        fixed (byte* logIdPtr = logId)
        {
            Api.Check(Api.CreateEnv(LoggingLevelError, logIdPtr, &env), "CreateEnv");
        }
        return env;
    }

    private nint CreateCpuMemoryInfo()
    {
        nint info;
        Api.Check(Api.CreateCpuMemoryInfo(AllocatorTypeDevice, MemTypeDefault, &info), "CreateCpuMemoryInfo");
        return info;
    }

    private nint GetDefaultAllocator()
    {
        nint allocator;
        Api.Check(Api.GetAllocatorWithDefaultOptions(&allocator), "GetAllocatorWithDefaultOptions");
        return allocator;
    }
}
