using NasLab.Controller.Strategies;
using NasLab.Controller.Tests.Support;
using NasLab.SearchSpace.Spaces;
using NasLab.SearchSpace.Zoo;
using Xunit.Abstractions;

namespace NasLab.Controller.Tests;

/// <summary>
/// The same planted-optimum search on the real MnasNet space, with MnasNet-A1 as the optimum; robust
/// over seeds in the same way as <see cref="PlantedOptimumTests"/> (settings and margins in
/// <see cref="PlantedSearch"/>).
/// </summary>
public class MnasNetA1PlantedTests(ITestOutputHelper output)
{
    // The A1 space is slower to solve (5280-10560 samples over seeds 1-4); one seed keeps the test near
    // 20 s, with the budget at 1.8x the slowest measured seed, not this one's 5280.
    private static readonly ulong[] Seeds = [2];

    [Fact]
    public void ReinforceControllerRecoversTheMnasNetA1EncodingInTheMnasNetSpace()
    {
        var space = new FactorizedHierarchicalSpace(RecoveryOptions.MnasNetA1);
        var target = space.Encode(MnasNets.A1());
        var reward = new PlantedReward(target);
        output.WriteLine($"schema: {space.Schema.Length} decisions, kinds {string.Join(", ", space.Schema.Kinds.Select(k => $"{k}:{space.Schema.KindSizes[k]}"))}; target {string.Join(",", target)}");
        var reaches = new List<PlantedSearch.Reach>();
        foreach (var seed in Seeds)
        {
            using var rl = new PolicyGradientSearch(space.Schema, seed, PlantedSearch.Controller, PlantedSearch.Training);
            reaches.Add(PlantedSearch.Run(rl, reward, PlantedSearch.A1Budget));
            output.WriteLine($"seed {seed}: {PlantedSearch.Describe(reaches[^1])}");
        }
        PlantedSearch.AssertRobustReach(reaches, PlantedSearch.A1Budget);
    }
}
