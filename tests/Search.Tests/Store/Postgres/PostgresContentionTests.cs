using System.Text.Json;
using NasLab.Search.Store;
using NasLab.Search.Store.Postgres;
using NasLab.Search.Tests.Support;

namespace NasLab.Search.Tests.Store.Postgres;

/// <summary>Eight real worker processes drain one queue at once: every trial is claimed and reported exactly once.</summary>
public sealed class PostgresContentionTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [PostgresFact]
    public async Task Eight_worker_processes_claim_each_of_200_trials_exactly_once()
    {
        const int trials = 200, workers = 8;
        using var coordinator = PostgresTrialStore.OpenCoordinator(_db.Location, PgSamples.Identity("contention"), force: false);
        coordinator.Enqueue(Enumerable.Range(1, trials).Select(i => PgSamples.Proposal(i)).ToList(), [1]);

        var children = Enumerable.Range(1, workers)
            .Select(i => PostgresHelperProcess.Start("pg-drain", _db.Url, "contention", $"w{i}")).ToList();
        var results = new List<(string Worker, int Code, string[] Lines, string Error)>();
        try
        {
            // Every child opens its store and a connection first; then all start claiming at the same moment.
            foreach (var child in children) Assert.Equal("ready", await ChildLines.Next(child));
            foreach (var child in children) await child.StandardInput.WriteLineAsync("go");
            foreach (var child in children) child.StandardInput.Close();

            var drained = children.Select(async (child, i) =>
            {
                var output = child.StandardOutput.ReadToEndAsync();
                var error = child.StandardError.ReadToEndAsync();
                await child.WaitForExitAsync();
                return ($"w{i + 1}", child.ExitCode, (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries), await error);
            });
            results.AddRange(await Task.WhenAll(drained).WaitAsync(TimeSpan.FromMinutes(3)));
        }
        finally
        {
            foreach (var child in children)
            {
                PostgresHelperProcess.KillHard(child);
                child.Dispose();
            }
        }

        // No process got an error.
        Assert.All(results, r => Assert.Equal((r.Worker, 0, ""), (r.Worker, r.Code, r.Error)));

        // Each trial was claimed by exactly one worker, once, and reported once.
        var claims = results.SelectMany(r => r.Lines.Where(l => l.StartsWith("claimed ")).Select(l => (r.Worker, Claim: ChildLines.Claimed(l)))).ToList();
        var reports = results.SelectMany(r => r.Lines.Where(l => l.StartsWith("reported ")).Select(l => int.Parse(l.Split(' ')[1]))).ToList();
        Assert.Equal(Enumerable.Range(1, trials), claims.Select(c => c.Claim.Trial).Order());
        Assert.All(claims, c => Assert.Equal(1, c.Claim.Attempt));
        Assert.Equal(Enumerable.Range(1, trials), reports.Order());

        // The database agrees: all completed, attempt 1, by the very worker that claimed it (the reporter wrote its name).
        var claimant = claims.ToDictionary(c => c.Claim.Trial, c => c.Worker);
        var stored = coordinator.ListTrials(TrialQuery.All);
        Assert.Equal(trials, stored.Count);
        Assert.All(stored, t =>
        {
            Assert.Equal(TrialStatus.Completed, t.Status);
            Assert.Equal(1, t.Attempts);
            Assert.Equal(claimant[t.Id], t.Worker);
            var reportedBy = JsonDocument.Parse(t.TrainingCurveJson!).RootElement.GetProperty("reported_by").GetString();
            Assert.Equal(claimant[t.Id], reportedBy);
        });
        Assert.Equal(0, coordinator.Count(TrialStatus.Queued));
        Assert.Equal(trials, coordinator.FinishedUntold().Count);
    }
}
