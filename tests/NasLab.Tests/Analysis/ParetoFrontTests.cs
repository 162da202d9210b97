using NasLab.Search.Store.LiteDb;
using NasLab.Search.Analysis;
using NasLab.Search.Store;
using NasLab.Tests.Support;

namespace NasLab.Tests.Analysis;

public sealed class ParetoFrontTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private IReadOnlyList<TrialRecord> SampleTrials()
    {
        using var store = LiteDbTrialStore.Create(_dir.File("trials.db"), Samples.Identity);
        ParetoSample.Fill(store);
        return store.ListTrials(TrialQuery.All);
    }

    [Fact]
    public void Front_of_the_hand_checked_sample()
    {
        var front = ParetoFront.Compute(SampleTrials());
        Assert.Equal(ParetoSample.ExpectedFront, front.Select(t => t.Id));
    }

    [Fact]
    public void Front_agrees_with_the_pairwise_definition()
    {
        var trials = SampleTrials();
        var completed = trials.Where(t => t.Status == TrialStatus.Completed).ToList();
        var byDefinition = completed.Where(t => !completed.Any(o => ParetoFront.Dominates(o, t))).Select(t => t.Id).Order();
        Assert.Equal(byDefinition, ParetoFront.Compute(trials).Select(t => t.Id).Order());
    }

    [Fact]
    public void Domination_needs_one_strict_improvement()
    {
        var trials = SampleTrials().ToDictionary(t => t.Id);
        Assert.True(ParetoFront.Dominates(trials[3], trials[5]));  // same accuracy, faster
        Assert.True(ParetoFront.Dominates(trials[3], trials[1]));  // better on both
        Assert.False(ParetoFront.Dominates(trials[2], trials[7])); // identical
        Assert.False(ParetoFront.Dominates(trials[6], trials[3])); // trade-off
    }

    [Fact]
    public void No_completed_trials_means_an_empty_front() => Assert.Empty(ParetoFront.Compute([]));
}
