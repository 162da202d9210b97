using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Spaces;
using NasLab.SearchSpace.Validation;

namespace NasLab.SearchSpace.Tests;

public class SearchSpacePropertyTests
{
    private static readonly Dictionary<string, Func<ISearchSpace>> Spaces = new()
    {
        ["mnasnet"] = () => SearchSpaces.MnasNet(), ["mixnet"] = () => SearchSpaces.MixNet(),
        ["nasnet"] = () => SearchSpaces.NasNet(), ["enas"] = () => SearchSpaces.Enas(),
    };

    public static IEnumerable<object[]> SpaceNames => Spaces.Keys.Select(n => new object[] { n });

    private static int[] Sample(ISearchSpace space, Random rng) =>
        space.Schema.Decisions.Select(d => rng.Next(d.Count)).ToArray();

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void RandomDecisionsDecodeToValidCostedArchitectures(string name)
    {
        var space = Spaces[name]();
        for (int seed = 0; seed < 300; seed++)
        {
            var rng = new Random(seed);
            var arch = space.Decode(Sample(space, rng));
            ArchitectureValidator.Validate(arch);
            var cost = CostModel.Compute(arch);
            Assert.True(cost.Params > 0 && cost.Macs > 0 && cost.PeakActivationElements > 0, $"seed {seed}");
            Assert.True(cost.FinalResolution >= 1, $"seed {seed}");
        }
    }

    [Theory]
    [MemberData(nameof(SpaceNames))]
    public void EncodeInvertsDecodeUpToIrrelevantChoices(string name)
    {
        var space = Spaces[name]();
        for (int seed = 0; seed < 100; seed++)
        {
            var arch = space.Decode(Sample(space, new Random(seed)));
            Assert.Equal(arch, space.Decode(space.Encode(arch)));
        }
    }

    [Fact]
    public void CifarSizedMnasNetSpaceStaysAtLeastOnePixel()
    {
        var space = new FactorizedHierarchicalSpace(FactorizedSpaceOptions.MnasNet with { InputResolution = 32, NumClasses = 10 });
        for (int seed = 0; seed < 50; seed++)
            Assert.Equal(1, CostModel.Compute(space.Decode(Sample(space, new Random(seed)))).FinalResolution);
    }

    [Fact]
    public void MnasNetPaperSpaceSizes()
    {
        var space = SearchSpaces.MnasNet();
        Assert.Equal(7 * 7, space.Schema.Length); // 7 blocks x (op, kernel, se, skip, filters, layers, expansion)
        Assert.Equal(System.Numerics.BigInteger.Pow(3 * 2 * 2 * 3 * 3 * 3 * 2, 7), space.Size);
        // The paper's per-block sub-space size S = 432 (its "typical case"): ConvOp counted as conv, dwconv, MBConv3, MBConv6.
        Assert.Equal(432, space.DistinctConfigurationsPerBlock);
    }

    [Fact]
    public void MixNetSpaceHasTheExtraDecisions()
    {
        var space = SearchSpaces.MixNet();
        var kinds = space.Schema.Kinds;
        Assert.Equal(["op", "kernel", "se", "skip", "filters", "layers", "expansion", "activation", "expand_groups", "project_groups"], kinds);
        Assert.Equal(["3", "3.5", "3.5.7", "3.5.7.9", "3.5.7.9.11"], space.Schema[1].Choices);
        Assert.Equal(System.Numerics.BigInteger.Pow(2 * 5 * 3 * 3 * 3 * 3 * 3 * 2 * 2 * 2, 7), space.Size);
    }

    [Fact]
    public void CellSpaceSizeIsOrderedInputAndOpChoices()
    {
        var space = SearchSpaces.Enas();
        // Per cell: block b (1-based) chooses 2 of (b + 1) states and 2 of 5 ops.
        System.Numerics.BigInteger perCell = 1;
        for (int b = 1; b <= 5; b++) perCell *= (b + 1) * (b + 1) * 5 * 5;
        Assert.Equal(perCell * perCell, space.Size);
        Assert.Equal(2 * 5 * 4, space.Schema.Length);
        Assert.Equal(13, SearchSpaces.NasNet().Schema[2].Count);
    }

    [Fact]
    public void EnasConcatIsLooseEndsOnly()
    {
        var space = SearchSpaces.Enas();
        // Every block reads prev and cur with identity, so all five blocks are loose ends.
        var arch = (CellNetwork)space.Decode(new int[space.Schema.Length]);
        Assert.Equal([2, 3, 4, 5, 6], arch.Normal.Concat);
        var nasnet = (CellNetwork)SearchSpaces.NasNet().Decode(new int[space.Schema.Length]);
        Assert.Equal([0, 2, 3, 4, 5, 6], nasnet.Normal.Concat);
    }
}
