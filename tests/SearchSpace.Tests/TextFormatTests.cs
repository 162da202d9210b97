using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Text;
using NasLab.SearchSpace.Zoo;

namespace NasLab.SearchSpace.Tests;

public class TextFormatTests
{
    [Theory]
    [MemberData(nameof(ZooFixtures.BlockNetworkNames), MemberType = typeof(ZooFixtures))]
    public void EveryZooBlockRoundTripsThroughItsBlockString(string name)
    {
        var net = (BlockNetwork)ModelZoo.Get(name);
        foreach (var stage in net.Stages)
            Assert.Equal(stage, BlockString.Parse(BlockString.Format(stage)));
    }

    [Theory]
    [MemberData(nameof(ZooFixtures.BlockNetworkNames), MemberType = typeof(ZooFixtures))]
    public void EveryZooBlockNetworkRoundTripsAsOneLinePerStage(string name)
    {
        var net = (BlockNetwork)ModelZoo.Get(name);
        var text = NetworkString.Format(net);
        Assert.Equal(net.Stages.Count + 4, text.Split('\n').Length); // name, input, stem, stages, head
        Assert.Equal(net, NetworkString.Parse(text));
    }

    [Theory]
    [MemberData(nameof(ZooFixtures.CellNetworkNames), MemberType = typeof(ZooFixtures))]
    public void EveryZooCellRoundTripsThroughItsCellString(string name)
    {
        var net = (CellNetwork)ModelZoo.Get(name);
        foreach (var g in new[] { net.Normal, net.Reduction })
        {
            Assert.Equal(g, CellString.Parse(CellString.Format(g)));
            foreach (var b in g.Blocks) Assert.Equal(b, CellString.ParseBlock(CellString.FormatBlock(b)));
        }
    }

    [Fact]
    public void BlockStringMatchesTimmStyleByHand()
    {
        var b = BlockString.Parse("ir_r3_k3.5.7_s2_e6_c40_se0.25_swish");
        Assert.Equal(new BlockSpec
        {
            Op = BlockOp.MBConv, Repeats = 3, Kernels = [3, 5, 7], Stride = 2, Expansion = 6, OutChannels = 40,
            SeRatio = 0.25, Activation = Activation.Swish,
        }, b);
        Assert.Equal("ir_r3_k3.5.7_s2_e6_c40_se0.25_swish", BlockString.Format(b));
    }

    [Fact]
    public void NasNetANormalCellPrintsAsInThePaper()
    {
        Assert.Equal("sep5x5(cur)+sep3x3(prev)", CellString.FormatBlock(NasNets.NormalA.Blocks[0]));
        Assert.Equal([CellGenotype.Prev, 2, 3, 4, 5, 6], NasNets.NormalA.Concat);
    }

    [Theory]
    [InlineData("ir_r1_k4_s1_e6_c16_relu", "'k4'", "allowed kernels: 1, 3, 5, 7, 9, 11")]
    [InlineData("ir_r1_k3_s3_e6_c16_relu", "'s3'", "allowed strides: 1, 2")]
    [InlineData("zz_r1_k3_s1_c16", "'zz'", "allowed: cn (conv), ds (separable), ir (mbconv)")]
    [InlineData("ir_r1_k3_s1_q7_c16", "'q7'", "allowed tokens: r<repeats>")]
    [InlineData("ir_r1_k3_s1_e6_relu", "block 'ir_r1_k3_s1_e6_relu'", "missing the c<channels> token")]
    [InlineData("ir_rX_k3_s1_c16", "'rX'", "non-negative integer repeat count")]
    public void ParseErrorsNameTheTokenAndAllowedValues(string text, string token, string allowed)
    {
        var e = Assert.Throws<FormatException>(() => BlockString.Parse(text));
        Assert.Contains(token, e.Message);
        Assert.Contains(allowed, e.Message);
    }

    [Fact]
    public void UnknownCellOpIsReportedWithAllowedOps()
    {
        var e = Assert.Throws<FormatException>(() => CellString.ParseBlock("sep4x4(cur)+identity(prev)"));
        Assert.Contains("'sep4x4'", e.Message);
        Assert.Contains("sep3x3, sep5x5, sep7x7", e.Message);
    }
}
