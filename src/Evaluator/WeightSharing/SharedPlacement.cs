using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.Evaluator.WeightSharing;

/// <summary>
/// Where one parameter of a sub-network sits in the bank: its role (the shared tensor) and, for a parameter whose
/// input channels read a concatenation of chosen states (a cell's output), which input channels of the shared
/// tensor they are. Without <see cref="InputChannels"/> every dimension follows <see cref="SharedSlices"/> (leading
/// channels, centred kernels). With it, dimension 1 is gathered from those positions out of
/// <see cref="InputSize"/>: ENAS's rule for a cell's output, where state s always owns the same block of
/// channels, whichever other states a cell also concatenates.
/// </summary>
public sealed record SharedPlacement(string Role, long[]? InputChannels = null, long InputSize = 0)
{
    /// <summary>The shape the shared tensor needs for a parameter of <paramref name="shape"/>.</summary>
    public long[] SharedShape(long[] shape)
    {
        if (InputChannels is null) return shape;
        var shared = (long[])shape.Clone();
        shared[1] = InputSize;
        return shared;
    }

    /// <summary>The parameter's values out of the shared tensor (a copy when gathered, a view otherwise).</summary>
    public Tensor Read(Tensor shared, long[] shape)
    {
        if (InputChannels is null) return SharedSlices.View(shared, shape);
        using var index = Index();
        return Outer(shared, shape).index_select(1, index);
    }

    /// <summary>Writes <paramref name="value"/> into its place in <paramref name="shared"/>.</summary>
    public void Write(Tensor shared, Tensor value)
    {
        if (InputChannels is null) { SharedSlices.View(shared, value.shape).copy_(value); return; }
        using var index = Index();
        Outer(shared, value.shape).index_copy_(1, index, value);
    }

    /// <summary>Adds <paramref name="value"/> into its place (gradient sums of several sub-networks).</summary>
    public void Add(Tensor shared, Tensor value)
    {
        if (InputChannels is null) { SharedSlices.View(shared, value.shape).add_(value); return; }
        using var index = Index();
        Outer(shared, value.shape).index_add_(1, index, value, 1);
    }

    /// <summary>Sets a boolean mask of the shared tensor's shape to true where a parameter of <paramref name="shape"/> sits.</summary>
    public void Mark(Tensor used, long[] shape)
    {
        if (InputChannels is null) { SharedSlices.View(used, shape).fill_(true); return; }
        using var index = Index();
        Outer(used, shape).index_fill_(1, index, true);
    }

    /// <summary>The view of every dimension but the gathered one, which stays whole.</summary>
    private static Tensor Outer(Tensor shared, long[] shape)
    {
        var outer = (long[])shape.Clone();
        outer[1] = shared.shape[1];
        return SharedSlices.View(shared, outer);
    }

    private Tensor Index() => tensor(InputChannels!, ScalarType.Int64);
}
