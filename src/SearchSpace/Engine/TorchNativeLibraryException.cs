namespace NasLab.SearchSpace.Engine;

/// <summary>TorchSharp's native library (libLibTorchSharp / libtorch) is missing or cannot be loaded.</summary>
public sealed class TorchNativeLibraryException(string message, string loaderTrace = "", Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What TorchSharp's loader printed while trying (the paths it tried), for logs.</summary>
    public string LoaderTrace { get; } = loaderTrace;

    internal static TorchNativeLibraryException From(Exception e, string loaderTrace)
    {
        var detail = e.InnerException?.Message ?? e.Message;
        var firstLine = detail.Split('\n', 2)[0].Trim();
        var sentence = firstLine.IndexOf(". ", StringComparison.Ordinal) is var end and > 0 ? firstLine[..(end + 1)] : firstLine;
        var hint = detail.Contains("GLIBCXX", StringComparison.Ordinal)
            ? "This host's libstdc++ is older than TorchSharp's build needs; the NasLab build patches its copy of libLibTorchSharp.so (build/TorchSharpNative.targets): rebuild with ./bootstrap.sh or dotnet build."
            : "Run ./bootstrap.sh (it restores TorchSharp and libtorch-cpu from NuGet and builds NasLab).";
        return new TorchNativeLibraryException($"TorchSharp's native library could not be loaded: {sentence} {hint}", loaderTrace, e);
    }
}
