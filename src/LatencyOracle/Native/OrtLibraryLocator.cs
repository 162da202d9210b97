namespace NasLab.LatencyOracle.Native;

/// <summary>
/// Finds libonnxruntime on disk. The library is not a NuGet dependency: bootstrap.sh places the
/// build from the onnxruntime-node npm package under <c>artifacts/onnxruntime/</c> in the repository.
/// </summary>
public static class OrtLibraryLocator
{
    /// <summary>Environment variable that, when set, names the library file directly.</summary>
    public const string EnvironmentVariable = "NASLAB_ORT_LIBRARY";

    /// <summary>Path of the library relative to the repository root.</summary>
    public static readonly string RelativePath = Path.Combine("artifacts", "onnxruntime", "libonnxruntime.so.1");

    /// <summary>Locates the library for this process (env var, else search upward from the app directory).</summary>
    public static string Locate() =>
        Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory);

    /// <summary>
    /// Locates the library given an explicit override (may be null/empty) and a start directory.
    /// An override that names a missing file is an error, not a reason to keep searching: a silently
    /// ignored override would measure with a different runtime than the user asked for.
    /// </summary>
    public static string Locate(string? overridePath, string startDirectory)
    {
        var searched = new List<string>();
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            var full = Path.GetFullPath(overridePath);
            if (File.Exists(full))
                return full;
            searched.Add(full);
            throw NotFound(searched, $"{EnvironmentVariable} is set to '{overridePath}', but no file exists there.");
        }

        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            searched.Add(candidate);
            if (File.Exists(candidate))
                return candidate;
        }

        throw NotFound(searched, $"Could not find {RelativePath} in '{startDirectory}' or any parent directory.");
    }

    private static OrtLibraryNotFoundException NotFound(List<string> searched, string reason) =>
        new(
            $"ONNX Runtime native library not found. {reason} Looked in: {string.Join(", ", searched)}. " +
            $"Run ./bootstrap.sh in the repository root to install it, or set {EnvironmentVariable} to the path of libonnxruntime.so.1.",
            searched);
}
