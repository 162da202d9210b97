namespace NasLab.SearchSpace.Cost;

/// <summary>
/// One parameterised layer, in forward order, named hierarchically ("stages.2.0.dw.conv.1"). A builder that
/// creates exactly these layers (same names, shapes, groups, bias) has the analytic parameter count.
/// Padding is symmetric (PyTorch style); for odd kernels it gives TF "SAME" output sizes, ceil(in / stride).
/// </summary>
public sealed record Layer(
    string Name, LayerKind Kind, int InChannels, int OutChannels,
    int KernelH, int KernelW, int StrideH, int StrideW, int PadH, int PadW, int Dilation, int Groups, bool Bias,
    int InH, int InW, int OutH, int OutW)
{
    public long Params => Kind switch
    {
        LayerKind.BatchNorm => 2L * OutChannels,
        LayerKind.Linear => (long)InChannels * OutChannels + (Bias ? OutChannels : 0),
        _ => (long)OutChannels * (InChannels / Groups) * KernelH * KernelW + (Bias ? OutChannels : 0),
    };

    public long Macs => Kind switch
    {
        LayerKind.BatchNorm => 0,
        LayerKind.Linear => (long)InChannels * OutChannels,
        _ => (long)OutChannels * (InChannels / Groups) * KernelH * KernelW * OutH * OutW,
    };

    /// <summary>Input plus output activation elements of this layer for one image.</summary>
    public long ActivationElements => (long)InChannels * InH * InW + (long)OutChannels * OutH * OutW;
}
