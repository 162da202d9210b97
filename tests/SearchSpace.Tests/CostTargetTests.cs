using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Zoo;

namespace NasLab.SearchSpace.Tests;

/// <summary>Every row of the target tables in ARCHITECTURES.md, exact.</summary>
public class CostTargetTests
{
    [Theory]
    [InlineData("mobilenet-v1-1.0", 4_231_976L, 568_740_352L)]
    [InlineData("mobilenet-v2", 3_504_872L, 300_774_272L)]
    [InlineData("mnasnet-b1", 4_383_312L, 314_415_872L)]
    [InlineData("mnasnet-a1", 3_887_038L, 311_579_072L)]
    [InlineData("mobilenet-v3-large", 5_483_032L, 216_589_760L)]
    // torchvision 0.14 mobilenet_v3_small: sum(p.numel()) and conv + linear MACs counted with forward hooks
    // at 1x3x224x224 (the paper's "about 56M").
    [InlineData("mobilenet-v3-small", 2_542_856L, 56_510_400L)]
    [InlineData("efficientnet-b0", 5_288_548L, 385_814_752L)]
    [InlineData("mixnet-s", 4_134_606L, 239_173_360L)]
    [InlineData("mixnet-m", 5_014_382L, 339_172_672L)]
    [InlineData("nasnet-a-large", 88_753_150L, 23_783_414_658L)]
    public void ImageNetTableRowIsExact(string name, long parameters, long macs)
    {
        var cost = CostModel.Compute(ModelZoo.Get(name));
        Assert.Equal(parameters, cost.Params);
        Assert.Equal(macs, cost.Macs);
    }
}
