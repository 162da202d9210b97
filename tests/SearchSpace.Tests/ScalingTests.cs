using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Scaling;
using NasLab.SearchSpace.Zoo;

namespace NasLab.SearchSpace.Tests;

public class ScalingTests
{
    [Fact]
    public void CompoundCoefficientsFollowTheFormula()
    {
        var (w, d, r) = CompoundScaling.Coefficients(1);
        Assert.Equal((1.1, 1.2, 1.15), (Math.Round(w, 10), Math.Round(d, 10), Math.Round(r, 10)));
        Assert.InRange(CompoundScaling.Alpha * Math.Pow(CompoundScaling.Beta, 2) * Math.Pow(CompoundScaling.Gamma, 2), 1.9, 2.0);
        var b = (BlockNetwork)CompoundScaling.Scale(EfficientNets.B0(), 2);
        Assert.Equal((int)Math.Round(224 * 1.15 * 1.15), b.InputResolution);
        Assert.Equal((int)Math.Ceiling(4 * 1.44), b.Stages[5].Repeats);
        Assert.Equal(Channels.MakeDivisible(192 * 1.21), b.Stages[5].OutChannels);
    }

    [Fact]
    public void EfficientNetB4UsesPublishedTable()
    {
        var b4 = EfficientNets.B(4);
        Assert.Equal(380, b4.InputResolution);
        Assert.Equal(48, b4.Stem.Channels);            // make_divisible(32 * 1.4)
        Assert.Equal(1792, b4.Head.ConvChannels);      // make_divisible(1280 * 1.4)
        Assert.Equal([2, 4, 4, 6, 6, 8, 2], b4.Stages.Select(s => s.Repeats)); // ceil(n * 1.8), B0 repeats 1,2,2,3,3,4,1
    }

    [Fact]
    public void ResolutionMultiplierKeepsParamsAndScalesMacs()
    {
        var v1 = MobileNets.V1();
        var small = NetworkScaling.Resolution(v1, 160.0 / 224);
        Assert.Equal(160, small.InputResolution);
        Assert.Equal(CostModel.Compute(v1).Params, CostModel.Compute(small).Params);
    }

    [Fact]
    public void WidthMultiplierOnMnasNetHalvesChannels()
    {
        var half = (BlockNetwork)NetworkScaling.Width(MnasNets.A1(), 0.5);
        Assert.Equal([8, 16, 24, 40, 56, 80, 160], half.Stages.Select(s => s.OutChannels));
        Assert.Equal(16, half.Stem.Channels);
        Assert.Equal(640, half.Head.ConvChannels);
    }

    [Fact]
    public void DepthMultiplierOnCellNetworkRaisesN()
    {
        var n = (CellNetwork)NetworkScaling.Depth(NasNets.Cifar(), 1.5);
        Assert.Equal(9, n.CellsPerStack);
        var w = (CellNetwork)NetworkScaling.Width(NasNets.Cifar(), 1.5);
        Assert.Equal(48, w.Filters);
        Assert.True(CostModel.Compute(w).Params > CostModel.Compute(NasNets.Cifar()).Params);
    }

    [Fact]
    public void CifarAdaptationOfMobileNetV2()
    {
        var v2 = MobileNets.V2();
        var cifar = CifarAdaptation.Apply(v2);
        Assert.Equal((32, 10, 1), (cifar.InputResolution, cifar.NumClasses, cifar.Stem.Stride));
        Assert.Equal([1, 1, 2, 2, 1, 2, 1], cifar.Stages.Select(s => s.Stride));
        var cost = CostModel.Compute(cifar);
        Assert.Equal(4, cost.FinalResolution); // 32 / 2^3
        // Only the classifier changes parameter count: 1280*1000+1000 -> 1280*10+10.
        Assert.Equal(3_504_872L - 1_281_000 + 12_810, cost.Params);
    }

    [Fact]
    public void CifarAdaptationWithExplicitStages()
    {
        var cifar = CifarAdaptation.Apply(MobileNets.V2(), new CifarOptions { StemStride = 2, UnstrideFirst = 0, UnstrideStages = [1, 2] });
        Assert.Equal([1, 1, 1, 2, 1, 2, 1], cifar.Stages.Select(s => s.Stride));
        Assert.Equal(4, CostModel.Compute(cifar).FinalResolution); // 32 / 2 (stem) / 2 / 2
    }
}
