using static TorchSharp.torch;

namespace NasLab.Evaluator.WeightSharing;

/// <summary>
/// Which part of a shared tensor a smaller one is: the leading channels (output and input dimensions, features,
/// batch-norm and bias entries) and, for the kernel dimensions of a 4-D convolution weight, the centre. So a 3x3
/// kernel is the centre of the block's 5x5 one, expansion 3 the first half of expansion 6's channels, and fewer
/// filters the first of the widest choice's (the usual single-path supernet convention: OFA, SPOS, TuNAS).
/// </summary>
public static class SharedSlices
{
    /// <summary>The view of <paramref name="shared"/> that a tensor of <paramref name="shape"/> uses.</summary>
    public static Tensor View(Tensor shared, long[] shape)
    {
        if (shared.dim() != shape.Length)
            throw new ArgumentException($"a {shape.Length}-D tensor cannot share the {shared.dim()}-D tensor [{string.Join(", ", shared.shape)}]");
        var view = shared;
        for (var d = 0; d < shape.Length; d++)
        {
            var size = shared.shape[d];
            if (shape[d] > size)
                throw new ArgumentException($"dimension {d} of [{string.Join(", ", shape)}] is larger than the shared [{string.Join(", ", shared.shape)}]");
            if (shape[d] == size) continue;
            view = view.narrow(d, Start(shared.dim(), d, size, shape[d]), shape[d]);
        }
        return view;
    }

    /// <summary>The smallest shape holding both.</summary>
    public static long[] Cover(long[] a, long[] b) => a.Zip(b, Math.Max).ToArray();

    private static long Start(long rank, int dimension, long size, long needed)
    {
        if (rank != 4 || dimension < 2) return 0;
        if ((size - needed) % 2 != 0)
            throw new ArgumentException($"a kernel of {needed} cannot sit at the centre of one of {size} (odd kernels only)");
        return (size - needed) / 2;
    }
}
