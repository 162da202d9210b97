using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NasLab.Torch.Native;

/// <summary>
/// Finds libnaslab_torch.so. The build copies it next to the assembly; during development and in
/// tools run from the source tree it is found under artifacts/native/ of the repository.
/// </summary>
internal static class NativeLibraryLoader
{
    internal const string LibraryName = "naslab_torch";
    private const string FileName = "libnaslab_torch.so";
    private const string EnvironmentOverride = "NASLAB_TORCH_NATIVE";

#pragma warning disable CA2255 // Registering the resolver must happen before the first P/Invoke.
    [ModuleInitializer]
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
#pragma warning restore CA2255

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != LibraryName) return IntPtr.Zero;
        var tried = new List<string>();
        foreach (var candidate in Candidates(Environment.GetEnvironmentVariable(EnvironmentOverride), AppContext.BaseDirectory))
        {
            tried.Add(candidate);
            if (!File.Exists(candidate)) continue;
            try
            {
                return NativeLibrary.Load(candidate);
            }
            catch (DllNotFoundException e)
            {
                // Usually a missing dependency (libtorch itself): say so instead of a bare DllNotFoundException.
                throw new TorchNativeLibraryException($"{candidate} exists but could not be loaded: {e.Message}. Is libtorch installed? Run ./bootstrap.sh.", e);
            }
        }
        throw new TorchNativeLibraryException(NotFoundMessage(tried), new DllNotFoundException(FileName));
    }

    internal static string NotFoundMessage(IEnumerable<string> tried) =>
        $"{FileName} was not found (looked in: {string.Join(", ", tried)}). Run ./bootstrap.sh to install libtorch and build the native shim, or set {EnvironmentOverride} to its path.";

    /// <summary>Where to look, in order. An explicit override is the only place looked at.</summary>
    internal static IEnumerable<string> Candidates(string? overridePath, string baseDirectory)
    {
        if (!string.IsNullOrEmpty(overridePath))
        {
            yield return overridePath;
            yield break;
        }
        yield return Path.Combine(baseDirectory, FileName);
        for (var dir = new DirectoryInfo(baseDirectory); dir != null; dir = dir.Parent)
            yield return Path.Combine(dir.FullName, "artifacts", "native", FileName);
    }
}
