using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Scaling;
using NasLab.SearchSpace.Zoo;

namespace NasLab.SearchSpace.Tests;

/// <summary>
/// Width-scaled networks against torchvision's parameter counts (python3-torchvision 0.14:
/// sum(p.numel()) of mobilenet_v2(width_mult=w) and mnasnet0_5 / mnasnet0_75). torchvision follows the
/// MobileNetV2 paper's rule of not thinning the head conv below 1280, i.e. scaleHead: false.
/// </summary>
public class TorchvisionCountTests
{
    [Theory]
    [InlineData("mobilenet-v2", 0.5, 1000, 1_968_680)]
    [InlineData("mobilenet-v2", 0.5, 10, 700_490)]
    [InlineData("mnasnet-b1", 0.5, 1000, 2_218_512)]
    [InlineData("mnasnet-b1", 0.5, 10, 950_322)]
    public void WidthMultipliedNetworksMatchTorchvision(string name, double width, int classes, long torchvisionParams)
    {
        var net = NetworkScaling.Width(ModelZoo.Get(name), width, scaleHead: false) with { NumClasses = classes };
        Assert.Equal(torchvisionParams, CostModel.Compute(net).Params);
    }
}
