using System.Diagnostics;
using NasLab.Controller.State;
using NasLab.Controller.Strategies;
using NasLab.Controller.Tests.Support;

namespace NasLab.Controller.Tests;

public class ResumptionTests
{
    private const int SaveAt = 100, After = 20;

    /// <summary>
    /// Runs 100 lagged ask / tell steps, saves, then continues for 20 more in this process; a fresh process
    /// (constructed with another seed) loads the state and runs the same 20 steps. The candidates must match
    /// exactly, including RL updates and evolution children that happen after the restore.
    /// </summary>
    [Theory]
    [InlineData("reinforce")]
    [InlineData("ppo")]
    [InlineData("evolution")]
    [InlineData("random")]
    public async Task ResumedInANewProcessTheNextSamplesEqualAnUninterruptedRun(string kind)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"naslab-controller-resume-{kind}-{Guid.NewGuid():N}");
        try
        {
            List<string> expected;
            using (var strategy = ResumeProbe.Create(kind, seed: 7))
            {
                var outstanding = new Queue<Candidate>();
                ResumeProbe.Steps(strategy, outstanding, SaveAt);
                Assert.Equal(ResumeProbe.Lag, strategy.PendingCount); // the saved state has candidates in flight
                Directory.CreateDirectory(dir);
                File.WriteAllBytes(Path.Combine(dir, ResumeProbe.StateFile), StrategyStateArchive.ToBytes(strategy.SaveState())); // the child needs it on disk
                ResumeProbe.SaveDriver(dir, outstanding);
                expected = ResumeProbe.Steps(strategy, outstanding, After).Select(ResumeProbe.Format).ToList();
                expected.Add(ResumeProbe.Fingerprint(strategy));
            }

            var psi = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "exec", typeof(ResumptionTests).Assembly.Location, kind, dir, After.ToString() }) psi.ArgumentList.Add(a);
            psi.Environment["NASLAB_CONTROLLER_PROBE"] = "resume";
            using var child = Process.Start(psi)!;
            var stderr = child.StandardError.ReadToEndAsync();
            var lines = (await child.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            await child.WaitForExitAsync();
            Assert.True(child.ExitCode == 0, $"child failed ({child.ExitCode}): {await stderr}");
            Assert.Equal(expected, lines);
            Assert.Equal(Enumerable.Range(SaveAt, After).Select(i => (long)i), expected.SkipLast(1).Select(l => long.Parse(l.Split(':')[0])));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void StateOfOneStrategyCannotBeLoadedIntoAnother()
    {
        using var random = ResumeProbe.Create("random", 1);
        using var evolution = ResumeProbe.Create("evolution", 1);
        var e = Assert.Throws<InvalidDataException>(() => evolution.LoadState(random.SaveState()));
        Assert.Contains("'random'", e.Message);
    }

    [Theory]
    [InlineData("reinforce")]
    [InlineData("evolution")]
    [InlineData("random")]
    public void FreshStateBeforeAnyResultSavesAndRestores(string kind)
    {
        // Saved before any Tell (no Adam step, empty population): the restored strategy accepts the
        // outstanding candidates' results and then proposes what the original does.
        using var original = ResumeProbe.Create(kind, seed: 3);
        var asked = original.Ask(9);
        var state = original.SaveState();
        using var restored = ResumeProbe.Create(kind, seed: 4);
        restored.LoadState(state);
        Assert.Equal(9, restored.PendingCount);
        var results = asked.Select(c => new TrialResult(c.Id, c.Decisions.Count(x => x == 0) / 49.0)).ToList();
        original.Tell(results);
        restored.Tell(results);
        Assert.Equal(original.Ask(5).Select(ResumeProbe.Format), restored.Ask(5).Select(ResumeProbe.Format));
    }

    [Theory]
    [InlineData("ppo")]
    [InlineData("evolution")]
    public void AStateValueIsASnapshotThatCanBeRestoredRepeatedly(string kind)
    {
        // The value must not alias live state: after saving, the strategy runs on (Adam steps, RNG draws,
        // a new partial batch), yet restoring the early value twice gives the same continuation twice,
        // equal to the original's continuation from that point.
        using var strategy = ResumeProbe.Create(kind, seed: 5);
        var outstanding = new Queue<Candidate>();
        ResumeProbe.Steps(strategy, outstanding, 30);
        var state = strategy.SaveState();
        var pending = outstanding.ToList();
        var expected = ResumeProbe.Steps(strategy, outstanding, 25).Select(ResumeProbe.Format).ToList();
        for (int r = 0; r < 2; r++)
        {
            using var restored = ResumeProbe.Create(kind, seed: 100 + (ulong)r);
            restored.LoadState(state);
            Assert.Equal(expected, ResumeProbe.Steps(restored, new Queue<Candidate>(pending), 25).Select(ResumeProbe.Format).ToList());
        }
    }

    [Fact]
    public void TheArchiveRoundTripsJsonAndBlobsExactly()
    {
        using var rl = ResumeProbe.Create("reinforce", 2);
        ResumeProbe.Steps(rl, new Queue<Candidate>(), 20);
        var state = rl.SaveState();
        Assert.Equal(["optimizer", "policy"], state.Blobs.Keys.Order());
        var read = StrategyStateArchive.FromBytes(StrategyStateArchive.ToBytes(state));
        Assert.Equal(state.Json, read.Json);
        Assert.Equal(state.Blobs.Keys.Order(), read.Blobs.Keys.Order());
        foreach (var (name, bytes) in state.Blobs) Assert.Equal(bytes, read.Blobs[name]);
    }

    [Fact]
    public void ACorruptArchiveIsAClearError()
    {
        var bytes = StrategyStateArchive.ToBytes(StrategyState.JsonOnly("{}"));
        var e = Assert.Throws<InvalidDataException>(() => StrategyStateArchive.FromBytes(bytes[..100]));
        Assert.Contains("Saved strategy state", e.Message);
    }
}
