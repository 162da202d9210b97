using System.Text.Json.Serialization;

namespace NasLab.SearchSpace.Architecture;

/// <summary>The MnasNet "ConvOp" choice.</summary>
public enum BlockOp
{
    /// <summary>Regular kxk conv + BN + act (timm "cn").</summary>
    [JsonStringEnumMemberName("conv")] Conv,
    /// <summary>Depthwise kxk + BN + act, optional SE, pointwise 1x1 + BN (timm "ds").</summary>
    [JsonStringEnumMemberName("sep")] SepConv,
    /// <summary>Inverted residual / mobile inverted bottleneck (timm "ir").</summary>
    [JsonStringEnumMemberName("mbconv")] MBConv,
}
