using NasLab.Controller.Strategies;
using NasLab.Controller.Tests.Support;

namespace NasLab.Controller.Tests;

public class RegularizedEvolutionTests
{
    private static int Hamming(int[] a, int[] b) => a.Zip(b).Count(p => p.First != p.Second);

    [Fact]
    public void FirstPCandidatesAreRandomThenChildrenDifferFromAPopulationMemberInExactlyOneDecision()
    {
        var schema = Schemas.MnasNetShaped();
        using var evo = new RegularizedEvolution(schema, new EvolutionOptions { PopulationSize = 10, SampleSize = 3 }, seed: 2);
        var initial = evo.Ask(10);
        // Random 49-decision vectors are (with overwhelming probability) far apart: not mutations of each other.
        Assert.All(initial.Skip(1), c => Assert.True(Hamming(c.Decisions, initial[0].Decisions) > 5));
        // Population incomplete but all P initial candidates pending: the next ask cannot be a child yet,
        // because nothing has been told; it is random too.
        Assert.True(Hamming(evo.Ask(1)[0].Decisions, initial[0].Decisions) > 5);
        evo.Tell(initial.Select((c, i) => new TrialResult(c.Id, i)).ToList());
        Assert.Equal(10, evo.Population.Count);
        for (int round = 0; round < 20; round++)
        {
            var population = evo.Population.Select(p => p.Candidate.Decisions).ToList();
            var child = evo.Ask(1)[0];
            Assert.Contains(population, p => Hamming(p, child.Decisions) == 1);
            schema.Validate(child.Decisions);
            evo.Tell([new TrialResult(child.Id, 0.5)]);
        }
    }

    [Fact]
    public void TheOldestMemberDiesRegardlessOfItsRewardAndFailuresNeverJoin()
    {
        using var evo = new RegularizedEvolution(Schemas.MnasNetShaped(), new EvolutionOptions { PopulationSize = 3, SampleSize = 2 }, seed: 4);
        var first = evo.Ask(3);
        evo.Tell([new TrialResult(first[0].Id, 100.0), new TrialResult(first[1].Id, 0.1), new TrialResult(first[2].Id, 0.2)]);
        var next = evo.Ask(2);
        evo.Tell([new TrialResult(next[0].Id, 0.0)]);
        // The best member (reward 100) was the oldest: it is gone.
        Assert.Equal([first[1].Id, first[2].Id, next[0].Id], evo.Population.Select(p => p.Candidate.Id));
        evo.Tell([TrialResult.Failed(next[1].Id)]);
        Assert.Equal([first[1].Id, first[2].Id, next[0].Id], evo.Population.Select(p => p.Candidate.Id));
        Assert.Equal(5, evo.History.Count);
        Assert.Null(evo.History[^1].Reward);
    }

    [Fact]
    public void TournamentPicksTheBestOfSUniformDrawsWithReplacement()
    {
        // One member has reward 1, the other P - 1 have 0. The parent is the best member exactly when it
        // is among the S draws: probability 1 - (1 - 1/P)^S (= 0.5695 for P = 10, S = 8); a uniform
        // parent choice would give 0.1. Children of the best are its one-decision neighbours.
        const int p = 10, s = 8, children = 3000;
        using var evo = new RegularizedEvolution(Schemas.MnasNetShaped(), new EvolutionOptions { PopulationSize = p, SampleSize = s }, seed: 9);
        var initial = evo.Ask(p);
        evo.Tell(initial.Select((c, i) => new TrialResult(c.Id, i == 4 ? 1.0 : 0.0)).ToList());
        var best = initial[4].Decisions;
        int fromBest = 0;
        foreach (var c in evo.Ask(children)) if (Hamming(c.Decisions, best) == 1) fromBest++;
        var expected = 1 - Math.Pow(1 - 1.0 / p, s);
        var se = Math.Sqrt(expected * (1 - expected) / children);
        Assert.InRange(fromBest / (double)children, expected - 4.5 * se, expected + 4.5 * se);
    }

    [Fact]
    public void MutationChangesOneDecisionToEachOtherValueUniformly()
    {
        // Population of one (S = 1): every child is a mutation of it. A 1-decision, 4-choice schema makes
        // the new value the only randomness: uniform over the 3 other values.
        using var evo = new RegularizedEvolution(Schemas.Small(4), new EvolutionOptions { PopulationSize = 1, SampleSize = 1 }, seed: 3);
        var parent = evo.Ask(1)[0];
        evo.Tell([new TrialResult(parent.Id, 1.0)]);
        var counts = new int[4];
        foreach (var c in evo.Ask(3000)) counts[c.Decisions[0]]++;
        Assert.Equal(0, counts[parent.Decisions[0]]);
        foreach (var k in Enumerable.Range(0, 4).Where(k => k != parent.Decisions[0]))
            Assert.InRange(counts[k], 1000 - 4.5 * Math.Sqrt(3000 * (1 / 3.0) * (2 / 3.0)), 1000 + 4.5 * Math.Sqrt(3000 * (1 / 3.0) * (2 / 3.0)));
    }
}
