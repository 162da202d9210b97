namespace NasLab.Torch.Nn;

/// <summary>
/// Batch normalisation over channels with running statistics (updated in training mode, used in
/// eval mode). PyTorch's num_batches_tracked counter is not kept: it only matters for momentum = None.
/// </summary>
public sealed class BatchNorm2d : Module<Tensor, Tensor>
{
    public BatchNorm2d(long features, double eps = 1e-5, double momentum = 0.1)
    {
        Features = features;
        Eps = eps;
        Momentum = momentum;
        Weight = RegisterParameter("weight", Tensor.Ones([features]));
        Bias = RegisterParameter("bias", Tensor.Zeros([features]));
        RunningMean = RegisterBuffer("running_mean", Tensor.Zeros([features]));
        RunningVar = RegisterBuffer("running_var", Tensor.Ones([features]));
    }

    public long Features { get; }
    public double Eps { get; }
    public double Momentum { get; }
    public Tensor Weight { get; }
    public Tensor Bias { get; }
    public Tensor RunningMean { get; }
    public Tensor RunningVar { get; }

    public override Tensor Forward(Tensor input) =>
        Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Training, Momentum, Eps);
}
