using NasLab.Controller.Policy;
using NasLab.Controller.Strategies;
using NasLab.Controller.Training;
using NasLab.Controller.Tests.Support;
using NasLab.SearchSpace.Spaces;
using NasLab.SearchSpace.Zoo;
using Xunit.Abstractions;

namespace NasLab.Controller.Tests;

/// <summary>The same planted-optimum search on the real MnasNet space, with MnasNet-A1 as the optimum.</summary>
public class MnasNetA1PlantedTests(ITestOutputHelper output)
{
    [Fact]
    public void ReinforceControllerRecoversTheMnasNetA1EncodingInTheMnasNetSpace()
    {
        var space = new FactorizedHierarchicalSpace(RecoveryOptions.MnasNetA1);
        var target = space.Encode(MnasNets.A1());
        var reward = new PlantedReward(target);
        output.WriteLine($"schema: {space.Schema.Length} decisions, kinds {string.Join(", ", space.Schema.Kinds.Select(k => $"{k}:{space.Schema.KindSizes[k]}"))}; target {string.Join(",", target)}");
        using var rl = new PolicyGradientSearch(space.Schema, 1, new ControllerOptions { HiddenSize = 64, Temperature = null, TanhConstant = 2.5 },
            new PolicyGradientOptions { LearningRate = 5e-3, EntropyWeight = 5e-3, BatchSize = 8, BaselineDecay = 0.9 });
        int used = 0, reachedAt = -1;
        var trace = new List<string>();
        while (used < 9600)
        {
            SearchDriver.Run(rl, d => reward.Of(d), 240, 8);
            used += 240;
            trace.Add($"{reward.Of(rl.Controller.MostLikely()):F2}");
            if (rl.Controller.MostLikely().SequenceEqual(target)) { reachedAt = used; break; }
        }
        output.WriteLine(string.Join(" ", trace));
        output.WriteLine($"greedy = MnasNet-A1 after {reachedAt} samples");
        Assert.True(reachedAt > 0, $"greedy still {reward.Of(rl.Controller.MostLikely()):F3} of A1 after {used} samples");
    }
}
