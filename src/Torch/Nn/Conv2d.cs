namespace NasLab.Torch.Nn;

/// <summary>2-D convolution; weight [out, in/groups, kh, kw]. Kernels may be rectangular (NASNet's 1x7 / 7x1).</summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long? padding = null,
        long dilation = 1, long groups = 1, bool bias = true)
        : this(inChannels, outChannels, (kernelSize, kernelSize), (stride, stride),
            padding is { } p ? (p, p) : null, dilation, groups, bias) { }

    /// <param name="padding">Null means "same" padding for odd kernels at stride 1: dilation * (k - 1) / 2.</param>
    public Conv2d(long inChannels, long outChannels, (long H, long W) kernelSize, (long H, long W) stride,
        (long H, long W)? padding = null, long dilation = 1, long groups = 1, bool bias = true)
    {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"Conv2d: groups = {groups} must divide in_channels = {inChannels} and out_channels = {outChannels}.");
        if (kernelSize.H < 1 || kernelSize.W < 1 || stride.H < 1 || stride.W < 1 || dilation < 1)
            throw new ArgumentException($"Conv2d: kernel ({kernelSize.H}x{kernelSize.W}), stride ({stride.H}x{stride.W}) and dilation ({dilation}) must be positive.");
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = [stride.H, stride.W];
        Padding = padding is { } p ? [p.H, p.W] : [dilation * (kernelSize.H - 1) / 2, dilation * (kernelSize.W - 1) / 2];
        Dilation = [dilation, dilation];
        Groups = groups;
        Weight = RegisterParameter("weight", Tensor.Empty([outChannels, inChannels / groups, kernelSize.H, kernelSize.W]));
        Init.DefaultUniform_(Weight);
        if (bias)
        {
            Bias = RegisterParameter("bias", Tensor.Empty([outChannels]));
            var bound = 1.0 / Math.Sqrt(Init.Fans(Weight).FanIn);
            Bias.Uniform_(-bound, bound);
        }
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public (long H, long W) KernelSize { get; }
    public long[] Stride { get; }
    public long[] Padding { get; }
    public long[] Dilation { get; }
    public long Groups { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
}
