using NasLab.Controller.Strategies;
using NasLab.Controller.Tests.Support;

namespace NasLab.Controller.Tests;

public class RandomSearchTests
{
    [Fact]
    public void EveryDecisionIsUniformAndIndependentOfTheOthers()
    {
        var schema = Schemas.Small(3, 2);
        using var search = new RandomSearch(schema, seed: 5);
        var asked = search.Ask(6000);
        // The 6 joint outcomes of (3-way, 2-way) must each have probability 1/6 (chi-square, 5 dof, 0.1% = 20.5).
        var counts = new int[6];
        foreach (var c in asked) counts[c.Decisions[0] * 2 + c.Decisions[1]]++;
        var chi2 = counts.Sum(x => Math.Pow(x - 1000.0, 2) / 1000.0);
        Assert.True(chi2 < 20.5, $"chi2 = {chi2}");
        Assert.Equal(Enumerable.Range(0, 6000).Select(i => (long)i), asked.Select(c => c.Id));
    }

    [Fact]
    public void TellChecksIdsAndAcceptsFailures()
    {
        using var search = new RandomSearch(Schemas.Small(3), seed: 1);
        var c = search.Ask(2);
        Assert.Equal(2, search.PendingCount);
        search.Tell([TrialResult.Failed(c[0].Id)]);
        Assert.Throws<ArgumentException>(() => search.Tell([new TrialResult(c[0].Id, 1.0)])); // already told
        Assert.Throws<ArgumentException>(() => search.Tell([new TrialResult(99, 1.0)]));       // never asked
        Assert.Throws<ArgumentException>(() => search.Tell([new TrialResult(c[1].Id, double.NaN)]));
        Assert.Equal(1, search.PendingCount);
    }

    [Fact]
    public void TheSeedDeterminesTheSequence()
    {
        var schema = Schemas.MnasNetShaped();
        using var a = new RandomSearch(schema, seed: 1);
        using var b = new RandomSearch(schema, seed: 1);
        using var c = new RandomSearch(schema, seed: 2);
        var first = a.Ask(3).Select(x => x.Decisions).ToList();
        Assert.Equal(first, b.Ask(3).Select(x => x.Decisions).ToList());
        Assert.NotEqual(first, c.Ask(3).Select(x => x.Decisions).ToList());
    }
}
