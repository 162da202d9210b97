namespace NasLab.Torch.Nn;

/// <summary>One LSTM cell (gates i, f, g, o as in PyTorch); weights U(+-1/sqrt(hidden)).</summary>
public sealed class LstmCell : Module
{
    public LstmCell(long inputSize, long hiddenSize, bool bias = true)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        var bound = 1.0 / Math.Sqrt(hiddenSize);
        WeightIh = RegisterParameter("weight_ih", Tensor.Empty([4 * hiddenSize, inputSize]).Uniform_(-bound, bound));
        WeightHh = RegisterParameter("weight_hh", Tensor.Empty([4 * hiddenSize, hiddenSize]).Uniform_(-bound, bound));
        if (bias)
        {
            BiasIh = RegisterParameter("bias_ih", Tensor.Empty([4 * hiddenSize]).Uniform_(-bound, bound));
            BiasHh = RegisterParameter("bias_hh", Tensor.Empty([4 * hiddenSize]).Uniform_(-bound, bound));
        }
    }

    public long InputSize { get; }
    public long HiddenSize { get; }
    public Tensor WeightIh { get; }
    public Tensor WeightHh { get; }
    public Tensor? BiasIh { get; }
    public Tensor? BiasHh { get; }

    public (Tensor H, Tensor C) Forward(Tensor input, Tensor h, Tensor c) =>
        Functional.LstmCell(input, h, c, WeightIh, WeightHh, BiasIh, BiasHh);
}
