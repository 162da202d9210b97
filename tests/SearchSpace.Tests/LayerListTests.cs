using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Text;
using NasLab.SearchSpace.Zoo;

namespace NasLab.SearchSpace.Tests;

public class LayerListTests
{
    [Theory]
    [MemberData(nameof(ZooFixtures.AllNames), MemberType = typeof(ZooFixtures))]
    public void LayerNamesAreUniqueSoABuilderCanMirrorThem(string name)
    {
        var layers = CostModel.Compute(ModelZoo.Get(name)).Layers;
        Assert.Equal(layers.Count, layers.Select(l => l.Name).Distinct().Count());
    }

    [Fact]
    public void MobileNetV2HasTorchvisionLayerCounts()
    {
        // torchvision mobilenet_v2: 52 Conv2d, 52 BatchNorm2d, 1 Linear.
        var layers = CostModel.Compute(MobileNets.V2()).Layers;
        Assert.Equal(52, layers.Count(l => l.Kind == LayerKind.Conv2d));
        Assert.Equal(52, layers.Count(l => l.Kind == LayerKind.BatchNorm));
        Assert.Equal(1, layers.Count(l => l.Kind == LayerKind.Linear));
    }

    [Fact]
    public void MobileNetV2PeakActivationIsTheStridedDepthwiseAt112()
    {
        // 96 x 112 x 112 in + 96 x 56 x 56 out (block 2's depthwise) = 1,505,280 elements.
        Assert.Equal(96L * 112 * 112 + 96L * 56 * 56, CostModel.Compute(MobileNets.V2()).PeakActivationElements);
    }

    private static CostReport OneBlock(string block, int inChannels, int resolution = 8) => CostModel.Compute(new BlockNetwork
    {
        InputResolution = resolution,
        Stem = new StemSpec { Kernel = 1, Stride = 1, Channels = inChannels },
        Stages = [BlockString.Parse(block)],
    });

    [Fact]
    public void MixConvSplitsEquallyWithRemainderToTheFirstGroup()
    {
        var cost = OneBlock("ds_r1_k3.5.7_s1_c8_relu", 40);
        var dw = cost.Layers.Where(l => l.Name.Contains(".dw.conv.")).ToList();
        Assert.Equal([14, 13, 13], dw.Select(l => l.InChannels));
        Assert.Equal(14 * 9 + 13 * 25 + 13 * 49, dw.Sum(l => l.Params));
        Assert.Equal((14 * 9 + 13 * 25 + 13 * 49) * 64L, dw.Sum(l => l.Macs));
    }

    [Fact]
    public void PoolSkipProjectsOnlyWhenChannelsChange()
    {
        var cost = OneBlock("cn_r2_k3_s2_c16_poolskip_relu", 8);
        // Repeat 0: 8 -> 16 at stride 2 gets a 1x1 projection (128 weights + 32 BN) on the 4x4 output; repeat 1 does not.
        Assert.Equal((128L + 32, 128L * 16), cost.Of("stages.0.0.skip"));
        Assert.Equal((0L, 0L), cost.Of("stages.0.1.skip"));
    }

    [Fact]
    public void SqueezeExciteWidthsFollowEachStyle()
    {
        // MnasNet style: r = int(40 * 0.25) = 10 from the block input; V3 style: r = make_divisible(120 / 4) = 32.
        var block = OneBlock("ir_r1_k3_s1_e3_c40_se0.25_relu", 40);
        Assert.Equal(10, block.Layers.Single(l => l.Name.EndsWith("se.reduce")).OutChannels);
        var v3 = OneBlock("ir_r1_k3_s1_x120_c40_hse0.25_relu", 40);
        Assert.Equal(32, v3.Layers.Single(l => l.Name.EndsWith("se.reduce")).OutChannels);
    }

    [Fact]
    public void NasNetLargeStemConvIsUnpaddedAndCellsFollowCadeneWidths()
    {
        var layers = CostModel.Compute(NasNets.Large()).Layers;
        var stem = layers[0];
        Assert.Equal((0, 165), (stem.PadH, stem.OutH)); // floor((331 - 3) / 2) + 1
        // Stem cell 0: h_i is brought to 42 channels; its sep ops on the raw 96-channel h_(i-1) start 96 wide.
        Assert.Equal(42, layers.Single(l => l.Name == "stem_cells.0.cur.conv").OutChannels);
        Assert.Equal(96, layers.Single(l => l.Name == "stem_cells.0.blocks.0.right.sep1.dw").InChannels);
        // Stem cell 1 reduces the 165x165 conv0 output with a factorized reduction (2 x 42).
        Assert.Equal([42, 42], layers.Where(l => l.Name.StartsWith("stem_cells.1.prev.path")).Select(l => l.OutChannels));
        // Cell 6 (first after reduction 0) reads cell 4 (1008 ch, 42x42) as h_(i-1): factorized 1008 -> 2 x 168.
        Assert.Equal([(1008, 168, 21), (1008, 168, 21)],
            layers.Where(l => l.Name.StartsWith("cells.6.prev.path")).Select(l => (l.InChannels, l.OutChannels, l.OutH)));
    }
}

public class ShortcutTests
{
    [Fact]
    public void IdentityResidualOnlyWhereShapesMatch()
    {
        var v2 = MobileNets.V2();
        Assert.False(v2.Stages[0].HasShortcut(32, 0)); // 32 -> 16
        Assert.False(v2.Stages[1].HasShortcut(16, 0)); // stride 2
        Assert.True(v2.Stages[1].HasShortcut(16, 1));  // 24 -> 24, stride 1
        Assert.False(MixNets.S().Stages[0].HasShortcut(16, 0) is false); // MixNet-S ds block 16 -> 16 keeps its skip
        Assert.False(MnasNets.A1().Stages[0].HasShortcut(32, 0));
        Assert.True(BlockString.Parse("ir_r1_k3_s2_e6_c24_poolskip_relu").HasShortcut(16, 0));
    }
}
