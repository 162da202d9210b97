using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Scaling;
using NasLab.SearchSpace.Spaces;
using NasLab.SearchSpace.Text;
using NasLab.SearchSpace.Validation;
using NasLab.SearchSpace.Zoo;

namespace NasLab.SearchSpace.Tests;

public class InvalidConfigurationTests
{
    private static ArchitectureException Rejects(FactorizedSpaceOptions o) =>
        Assert.Throws<ArchitectureException>(() => new FactorizedHierarchicalSpace(o));

    [Fact]
    public void UnknownConvOp()
    {
        var e = Rejects(FactorizedSpaceOptions.MnasNet with { ConvOps = ["conv", "dwconv"] });
        Assert.Equal("options.convOps", e.Field);
        Assert.Contains("unknown choice 'dwconv'; allowed: conv, sep, mbconv", e.Message);
    }

    [Fact]
    public void EmptyChoiceList()
    {
        var e = Rejects(FactorizedSpaceOptions.MnasNet with { Kernels = [] });
        Assert.Equal("options.kernels", e.Field);
        Assert.Contains("empty choice list; give at least one of: 1, 3, 5, 7, 9, 11", e.Message);
        Assert.Contains("options.skipOps: empty choice list; give at least one of: pool, identity, none",
            Rejects(FactorizedSpaceOptions.MnasNet with { SkipOps = [] }).Message);
    }

    [Fact]
    public void KernelFour()
    {
        var e = Rejects(FactorizedSpaceOptions.MnasNet with { Kernels = [[3], [4]] });
        Assert.Equal("options.kernels[1]", e.Field);
        Assert.Contains("kernel 4 is not allowed; allowed kernels: 1, 3, 5, 7, 9, 11", e.Message);
    }

    [Fact]
    public void StridesThatShrinkBelowOnePixel()
    {
        // 16 -> 8 (stem) -> 8 -> 4 -> 2 -> 1 -> 1, then block 6's stride 2 would act on a 1x1 map.
        var e = Rejects(FactorizedSpaceOptions.MnasNet with { InputResolution = 16 });
        Assert.Equal("options.skeleton[5].stride", e.Field);
        Assert.Contains("stride 2 on a 1x1 feature map (input 16x16) shrinks it below 1x1", e.Message);
        new FactorizedHierarchicalSpace(FactorizedSpaceOptions.MnasNet with { InputResolution = 32 }); // 32 reaches exactly 1x1
    }

    [Fact]
    public void KernelGroupsWithRegularConv()
    {
        var e = Rejects(FactorizedSpaceOptions.MixNet with { ConvOps = ["conv", "mbconv"] });
        Assert.Equal("options.kernels[1]", e.Field);
        Assert.Contains("a regular conv takes one kernel", e.Message);
    }

    [Fact]
    public void NegativeLayerCount()
    {
        var e = Rejects(FactorizedSpaceOptions.MnasNet with { RepeatOffsets = [-2, 0] });
        Assert.Equal("options.skeleton[0].baseRepeats", e.Field);
        Assert.Contains("gives -1 layers", e.Message);
    }

    [Fact]
    public void GroupsThatDoNotDivideChannels()
    {
        var e = Rejects(FactorizedSpaceOptions.MixNet with { ProjectGroups = [1, 3] });
        Assert.Equal("options.projectGroups", e.Field);
        Assert.Contains("3 groups must", e.Message);
    }

    [Fact]
    public void UnknownCellOp()
    {
        var e = Assert.Throws<ArchitectureException>(() => new CellSearchSpace(CellSpaceOptions.Enas with { Ops = ["sep3x3", "sep4x4"] }));
        Assert.Equal("options.ops", e.Field);
        Assert.Contains("unknown cell op 'sep4x4'; allowed: identity, conv1x3_3x1", e.Message);
        var empty = Assert.Throws<ArchitectureException>(() => new CellSearchSpace(CellSpaceOptions.Enas with { Ops = [] }));
        Assert.Contains("empty choice list", empty.Message);
    }

    [Fact]
    public void ConcatStateThatDoesNotExist()
    {
        var e = Assert.Throws<ArchitectureException>(() => new CellSearchSpace(CellSpaceOptions.NasNet with { ReductionConcat = ["b2", "b9"] }));
        Assert.Equal("options.reductionConcat", e.Field);
        Assert.Contains("allowed: prev, cur, b1, b2, b3, b4, b5", e.Message);
    }

    [Fact]
    public void DecisionOutOfRangeNamesTheDecision()
    {
        var space = SearchSpaces.MnasNet();
        var d = new int[space.Schema.Length];
        d[1] = 7;
        var e = Assert.Throws<ArgumentException>(() => space.Decode(d));
        Assert.Contains("'block1.kernel' = 7 is out of range; allowed 0..1 (3, 5)", e.Message);
    }

    [Fact]
    public void ArchitectureWithKernelFourIsRejectedByTheCostModel()
    {
        var net = MobileNets.V2();
        net = net with { Stages = ValueList.From(net.Stages.Select((s, i) => i == 2 ? s with { Kernels = [4] } : s)) };
        var e = Assert.Throws<ArchitectureException>(() => CostModel.Compute(net));
        Assert.Equal("stages[2].kernels", e.Field);
        Assert.Contains("allowed kernels: 1, 3, 5, 7, 9, 11", e.Message);
    }

    [Fact]
    public void ArchitectureStridingBelowOnePixel()
    {
        var net = MobileNets.V2() with { InputResolution = 16 };
        var e = Assert.Throws<ArchitectureException>(() => CostModel.Compute(net));
        Assert.Equal("stages[5].stride", e.Field);
    }

    [Fact]
    public void MixConvNeedsSepOrMbconv()
    {
        var net = MobileNets.V2() with { Stages = [BlockString.Parse("cn_r1_k3.5_s1_c16_relu")] };
        var e = Assert.Throws<ArchitectureException>(() => CostModel.Compute(net));
        Assert.Contains("a regular conv takes one kernel", e.Message);
    }

    [Fact]
    public void CifarAdaptationRejectsMissingStage()
    {
        var e = Assert.Throws<ArchitectureException>(() => CifarAdaptation.Apply(MobileNets.V2(), new CifarOptions { UnstrideStages = [9] }));
        Assert.Equal("cifar.unstrideStages", e.Field);
        Assert.Contains("allowed: 0..6", e.Message);
    }

    [Fact]
    public void UnknownZooNameListsKnownNames()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => ModelZoo.Get("resnet-50"));
        Assert.Contains("mnasnet-a1", e.Message);
    }
}
