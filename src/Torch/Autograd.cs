using NasLab.Torch.Native;
using static NasLab.Torch.Native.NativeMethods;

namespace NasLab.Torch;

public static class Autograd
{
    /// <summary>
    /// Disables gradient recording on this thread until disposed (torch.no_grad()).
    /// Grad mode is thread-local in libtorch, so dispose on the same thread.
    /// </summary>
    public static GradModeScope NoGrad() => new(false);

    /// <summary>Re-enables recording inside a no-grad region.</summary>
    public static GradModeScope EnableGrad() => new(true);

    public static bool IsEnabled
    {
        get
        {
            Status.Check(nl_set_grad_enabled(1, out var previous));
            Status.Check(nl_set_grad_enabled(previous, out _));
            return previous != 0;
        }
    }

    /// <summary>Scales the gradients of <paramref name="parameters"/> so their joint L2 norm is at most
    /// <paramref name="maxNorm"/>; returns the norm before clipping.</summary>
    public static double ClipGradNorm(IReadOnlyList<Tensor> parameters, double maxNorm)
    {
        var handles = Tensor.Handles(parameters);
        Status.Check(nl_clip_grad_norm(handles, handles.Length, maxNorm, out var norm));
        GC.KeepAlive(parameters);
        return norm;
    }
}

public readonly struct GradModeScope : IDisposable
{
    private readonly int _previous;

    internal GradModeScope(bool enabled) => Status.Check(nl_set_grad_enabled(enabled ? 1 : 0, out _previous));

    public void Dispose() => Status.Check(nl_set_grad_enabled(_previous, out _));
}
