using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Spaces;
using NasLab.SearchSpace.Validation;
using NasLab.SearchSpace.Zoo;

namespace NasLab.SearchSpace.Tests;

/// <summary>Published networks are points of their search spaces: Encode then Decode gives them back unchanged.</summary>
public class RecoveryTests
{
    private static void AssertRecovered(ISearchSpace space, NetworkArchitecture net)
    {
        var decisions = space.Encode(net);
        space.Schema.Validate(decisions);
        var decoded = space.Decode(decisions);
        Assert.Equal(net with { Name = decoded.Name }, decoded);
        Assert.Equal(Cost.CostModel.Compute(net).Params, Cost.CostModel.Compute(decoded).Params);
    }

    [Fact]
    public void MnasNetA1InMnasNetSpaceWithBlock5Base112() =>
        AssertRecovered(new FactorizedHierarchicalSpace(RecoveryOptions.MnasNetA1), MnasNets.A1());

    [Fact]
    public void MnasNetB1InMnasNetSpaceWithBlock6Base192() =>
        AssertRecovered(new FactorizedHierarchicalSpace(RecoveryOptions.MnasNetB1), MnasNets.B1());

    [Fact]
    public void MixNetSInMixNetSpaceOnItsOwnSkeleton() =>
        AssertRecovered(new FactorizedHierarchicalSpace(RecoveryOptions.MixNetS), MixNets.S());

    [Fact]
    public void MixNetMInMixNetSpaceOnItsOwnSkeleton() =>
        AssertRecovered(new FactorizedHierarchicalSpace(RecoveryOptions.MixNetM), MixNets.M());

    [Fact]
    public void NasNetACellsInNasNetSpace() =>
        AssertRecovered(new CellSearchSpace(RecoveryOptions.NasNetAMobile), NasNets.Mobile());

    [Fact]
    public void MnasNetA1ChoicesAreTheOnesReadOffThePaperTable()
    {
        var space = new FactorizedHierarchicalSpace(RecoveryOptions.MnasNetA1);
        var d = space.Encode(MnasNets.A1());
        string Choice(string name) => space.Schema.Decisions.Select((x, i) => (x, i)).Where(p => p.x.Name == name).Select(p => p.x.Choices[d[p.i]]).Single();
        Assert.Equal("sep", Choice("block1.op"));
        Assert.Equal("none", Choice("block1.skip"));
        Assert.Equal("x1.25", Choice("block3.filters")); // 40 = 1.25 x 32
        Assert.Equal("5", Choice("block3.kernel"));
        Assert.Equal("0.25", Choice("block3.se"));
        Assert.Equal("3", Choice("block3.expansion"));
        Assert.Equal("-1", Choice("block5.layers")); // 2 = 3 - 1
    }

    [Fact]
    public void PaperDefaultsCannotRepresentA1AndSayWhy()
    {
        var e = Assert.Throws<ArchitectureException>(() => SearchSpaces.MnasNet().Encode(MnasNets.A1()));
        Assert.Equal("stages[4].outChannels", e.Field);
        Assert.Contains("112 is not representable; allowed: 72, 96, 120", e.Message);
    }

    [Fact]
    public void NasNetAReductionConcatNeedsTheExplicitOption()
    {
        var options = RecoveryOptions.NasNetAMobile with { ReductionConcat = null };
        var e = Assert.Throws<ArchitectureException>(() => new CellSearchSpace(options).Encode(NasNets.Mobile()));
        Assert.Equal("reduction.concat", e.Field);
        Assert.Contains("(b3,b4,b5)", e.Message);
    }

    [Fact]
    public void EfficientNetB0IsNotInTheMnasNetSpaceBecauseOfSwish()
    {
        var e = Assert.Throws<ArchitectureException>(() => SearchSpaces.MnasNet().Encode(EfficientNets.B0()));
        Assert.Equal("stem", e.Field);
    }
}
