using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Zoo;

namespace NasLab.SearchSpace.Tests;

public class SeedCostSanityTests
{
    [Fact]
    public void StandardVersusSeparableConvOn112Map()
    {
        long standard = CostModel.ConvMacs(64, 128, 3, 112, 112);
        long separable = CostModel.ConvMacs(64, 64, 3, 112, 112, groups: 64) + CostModel.ConvMacs(64, 128, 1, 112, 112);
        Assert.Equal(924_844_032L, standard);
        Assert.Equal(109_985_792L, separable);
        Assert.Equal(0.1189, Math.Round((double)separable / standard, 4));
    }

    [Fact]
    public void SameCaseThroughTheBlockCostWalker()
    {
        // A one-block network at 112x112 whose only stage is the 3x3 64->128 conv (resp. separable conv); subtract stem and head.
        long Body(string block)
        {
            var net = new BlockNetwork
            {
                InputResolution = 112,
                Stem = new StemSpec { Kernel = 1, Stride = 1, Channels = 64 },
                Stages = [Text.BlockString.Parse(block)],
                Head = new HeadSpec(),
            };
            return CostModel.Compute(net).Of("stages.").Macs;
        }
        Assert.Equal(924_844_032L, Body("cn_r1_k3_s1_c128_relu"));
        Assert.Equal(109_985_792L, Body("ds_r1_k3_s1_c128_pwact_relu"));
    }
}
