using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Zoo;

namespace NasLab.SearchSpace.Tests;

public class EfficientNetScalingTests
{
    // torchvision / timm published parameter counts of B1..B7 (1000 classes).
    [Theory]
    [InlineData(1, 7_794_184L, 240)]
    [InlineData(2, 9_109_994L, 260)]
    [InlineData(3, 12_233_232L, 300)]
    [InlineData(4, 19_341_616L, 380)]
    [InlineData(5, 30_389_784L, 456)]
    [InlineData(6, 43_040_704L, 528)]
    [InlineData(7, 66_347_960L, 600)]
    public void CompoundScaledVariantMatchesPublishedParams(int b, long parameters, int resolution)
    {
        var net = ModelZoo.Get($"efficientnet-b{b}");
        Assert.Equal(resolution, net.InputResolution);
        Assert.Equal(parameters, CostModel.Compute(net).Params);
    }
}
