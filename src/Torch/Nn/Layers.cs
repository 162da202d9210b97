namespace NasLab.Torch.Nn;

// Parameter-free layers: activations, pooling, reshaping, dropout.

public sealed class Identity : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => input.Alias();
}

public sealed class ReLU : Module<Tensor, Tensor> { public override Tensor Forward(Tensor x) => x.Relu(); }
public sealed class ReLU6 : Module<Tensor, Tensor> { public override Tensor Forward(Tensor x) => x.Relu6(); }
public sealed class HardSwish : Module<Tensor, Tensor> { public override Tensor Forward(Tensor x) => x.HardSwish(); }
public sealed class HardSigmoid : Module<Tensor, Tensor> { public override Tensor Forward(Tensor x) => x.HardSigmoid(); }
/// <summary>Swish / SiLU, x * sigmoid(x).</summary>
public sealed class Swish : Module<Tensor, Tensor> { public override Tensor Forward(Tensor x) => x.Silu(); }
public sealed class Sigmoid : Module<Tensor, Tensor> { public override Tensor Forward(Tensor x) => x.Sigmoid(); }
public sealed class Tanh : Module<Tensor, Tensor> { public override Tensor Forward(Tensor x) => x.Tanh(); }

public sealed class Flatten(long startDim = 1, long endDim = -1) : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor x) => x.Flatten(startDim, endDim);
}

public sealed class Dropout(double p = 0.5) : Module<Tensor, Tensor>
{
    public double P { get; } = p is >= 0 and <= 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1].");
    public override Tensor Forward(Tensor x) => Functional.Dropout(x, P, Training);
}

public sealed class AvgPool2d(long kernel, long? stride = null, long padding = 0, bool countIncludePad = true) : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor x) => Functional.AvgPool2d(x, kernel, stride, padding, countIncludePad: countIncludePad);
}

public sealed class MaxPool2d(long kernel, long? stride = null, long padding = 0) : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor x) => Functional.MaxPool2d(x, kernel, stride, padding);
}

public sealed class AdaptiveAvgPool2d(long outputHeight, long outputWidth) : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor x) => Functional.AdaptiveAvgPool2d(x, outputHeight, outputWidth);
}
