namespace NasLab.Torch;

/// <summary>An error reported by libtorch (a wrong shape, a dtype mismatch, ...), carrying its message.</summary>
public class TorchException : Exception
{
    public TorchException(string message) : base(message) { }
    public TorchException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The native shim or libtorch itself could not be loaded.</summary>
public sealed class TorchNativeLibraryException : TorchException
{
    public TorchNativeLibraryException(string message, Exception inner) : base(message, inner) { }
}
