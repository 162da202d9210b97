using static TorchSharp.torch;

namespace NasLab.SearchSpace.Builder;

/// <summary>
/// Releases intermediate activations as soon as the next layer has consumed them, as Python's
/// reference counting does. Disposing a handle only drops our reference: tensors autograd saved
/// for the backward pass stay alive inside the graph. Without this, a dispose scope keeps every
/// forward temporary until the end of the step, which raises peak memory and page-fault traffic.
/// </summary>
internal static class TensorChaining
{
    /// <summary>Applies <paramref name="f"/> and frees <paramref name="intermediate"/> unless f returned it.</summary>
    public static Tensor Then(this Tensor intermediate, Func<Tensor, Tensor> f)
    {
        var y = f(intermediate);
        if (!ReferenceEquals(y, intermediate)) intermediate.Dispose();
        return y;
    }
}
