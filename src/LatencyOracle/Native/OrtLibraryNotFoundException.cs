namespace NasLab.LatencyOracle.Native;

/// <summary>The ONNX Runtime shared library could not be found or loaded.</summary>
public sealed class OrtLibraryNotFoundException : Exception
{
    public OrtLibraryNotFoundException(string message, IReadOnlyList<string> searchedPaths, Exception? inner = null)
        : base(message, inner)
    {
        SearchedPaths = searchedPaths;
    }

    /// <summary>Every path that was tried, in order.</summary>
    public IReadOnlyList<string> SearchedPaths { get; }
}
