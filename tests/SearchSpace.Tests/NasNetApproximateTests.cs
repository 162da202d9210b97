using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Zoo;

namespace NasLab.SearchSpace.Tests;

public class NasNetApproximateTests
{
    [Theory]
    [InlineData("nasnet-a-mobile", 5.3e6, 564e6)]
    [InlineData("nasnet-a-cifar", 3.3e6, 0)]
    public void WithinTwoPercentOfPaper(string name, double parameters, double macs)
    {
        var cost = CostModel.Compute(ModelZoo.Get(name));
        Assert.InRange(cost.Params, parameters * 0.98, parameters * 1.02);
        if (macs > 0) Assert.InRange(cost.Macs, macs * 0.98, macs * 1.02);
    }

    [Fact]
    public void LargeFinalMapIs11x11And4032Channels()
    {
        var cost = CostModel.Compute(NasNets.Large());
        Assert.Equal(11, cost.FinalResolution);
        var fc = cost.Layers[^1];
        Assert.Equal((4032, 1000), (fc.InChannels, fc.OutChannels));
    }
}
