namespace NasLab.Torch.Nn;

/// <summary>Fully connected layer y = x W^T + b; weight [out, in].</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Tensor.Empty([outFeatures, inFeatures]));
        Init.DefaultUniform_(Weight);
        if (bias)
        {
            var bound = 1.0 / Math.Sqrt(inFeatures);
            Bias = RegisterParameter("bias", Tensor.Empty([outFeatures]).Uniform_(-bound, bound));
        }
    }

    public long InFeatures { get; }
    public long OutFeatures { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);
}
