namespace NasLab.Torch.Nn;

/// <summary>Lookup table of <paramref name="count"/> vectors (weights N(0, 1) as in PyTorch).</summary>
public sealed class Embedding : Module<Tensor, Tensor>
{
    public Embedding(long count, long dim)
    {
        Weight = RegisterParameter("weight", Tensor.Empty([count, dim]).Normal_(0, 1));
    }

    public Tensor Weight { get; }

    public override Tensor Forward(Tensor indices) => Functional.Embedding(indices, Weight);
}
