using System.Diagnostics;
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
                strategy.SaveState(dir);
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
        var dir = Path.Combine(Path.GetTempPath(), $"naslab-controller-mismatch-{Guid.NewGuid():N}");
        try
        {
            using var random = ResumeProbe.Create("random", 1);
            random.SaveState(dir);
            using var evolution = ResumeProbe.Create("evolution", 1);
            var e = Assert.Throws<InvalidDataException>(() => evolution.LoadState(dir));
            Assert.Contains("'random'", e.Message);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("reinforce")]
    [InlineData("evolution")]
    [InlineData("random")]
    public void FreshStateBeforeAnyResultSavesAndRestores(string kind)
    {
        // Saved before any Tell (no Adam step, empty population): the restored strategy accepts the
        // outstanding candidates' results and then proposes what the original does.
        var dir = Path.Combine(Path.GetTempPath(), $"naslab-controller-fresh-{kind}-{Guid.NewGuid():N}");
        try
        {
            using var original = ResumeProbe.Create(kind, seed: 3);
            var asked = original.Ask(9);
            original.SaveState(dir);
            using var restored = ResumeProbe.Create(kind, seed: 4);
            restored.LoadState(dir);
            Assert.Equal(9, restored.PendingCount);
            var results = asked.Select(c => new TrialResult(c.Id, c.Decisions.Count(x => x == 0) / 49.0)).ToList();
            original.Tell(results);
            restored.Tell(results);
            Assert.Equal(original.Ask(5).Select(ResumeProbe.Format), restored.Ask(5).Select(ResumeProbe.Format));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
