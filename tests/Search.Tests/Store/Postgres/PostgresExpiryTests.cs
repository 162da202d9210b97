using NasLab.Search.Store;
using NasLab.Search.Store.Postgres;
using NasLab.Search.Tests.Support;

namespace NasLab.Search.Tests.Store.Postgres;

/// <summary>A worker killed with SIGKILL stops heartbeating; its trial is re-queued, then failed after the last attempt.</summary>
public sealed class PostgresExpiryTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static readonly TimeSpan LongGrace = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ShortGrace = TimeSpan.FromSeconds(1);

    /// <summary>Starts a child that claims one trial and heartbeats; returns it and the claim it reported.</summary>
    private async Task<(System.Diagnostics.Process Child, TrialClaim Claim)> ClaimInChild(PostgresTrialStore store, string worker)
    {
        var child = PostgresHelperProcess.Start("pg-hold", _db.Url, "expiry", worker);
        var (trial, attempt) = ChildLines.Claimed(await ChildLines.Next(child));
        return (child, new TrialClaim(trial, attempt, worker, store.GetTrial(trial)!));
    }

    /// <summary>Polls RequeueStale until it acts (the dead worker's last heartbeat must first age past the grace).</summary>
    private static async Task<IReadOnlyList<StaleTrial>> RequeueWhenStale(PostgresTrialStore store, int maxAttempts)
    {
        var deadline = DateTime.UtcNow + ChildLines.Patience;
        while (DateTime.UtcNow < deadline)
        {
            var done = store.RequeueStale(ShortGrace, maxAttempts);
            if (done.Count > 0) return done;
            await Task.Delay(200);
        }
        throw new TimeoutException("RequeueStale never found the dead worker's trial");
    }

    [PostgresFact]
    public async Task A_sigkilled_workers_trial_is_requeued_its_late_report_refused_and_failed_after_max_attempts()
    {
        using var coordinator = PostgresTrialStore.OpenCoordinator(_db.Location, PgSamples.Identity("expiry"), force: false);
        coordinator.Enqueue([PgSamples.Proposal(1)], [1]);

        var (first, firstClaim) = await ClaimInChild(coordinator, "w-first");
        using (first)
        {
            Assert.Equal((1, 1), (firstClaim.TrialId, firstClaim.Attempt));
            // While it heartbeats nothing is stale, and it is a live worker holding trial 1.
            Assert.Empty(coordinator.RequeueStale(LongGrace, maxAttempts: 2));
            Assert.Equal(new WorkerRecord("w-first", default, 1) with { LastHeartbeat = default },
                coordinator.LiveWorkers(LongGrace).Single() with { LastHeartbeat = default });
            PostgresHelperProcess.KillHard(first);
        }

        var requeued = await RequeueWhenStale(coordinator, maxAttempts: 2);
        Assert.Equal([new StaleTrial(1, "w-first", 1, Failed: false)], requeued);
        var queued = coordinator.GetTrial(1)!;
        Assert.Equal(TrialStatus.Queued, queued.Status);
        Assert.Equal(1, queued.Attempts);
        Assert.Empty(coordinator.RequeueStale(ShortGrace, maxAttempts: 2)); // nothing running any more

        // The dead worker's claim is lost: a late heartbeat says so and a late report is refused.
        Assert.False(coordinator.Heartbeat("w-first", firstClaim));
        var refused = Assert.Throws<ClaimLostException>(() => coordinator.Report(firstClaim, TrialOutcome.Completed(PgSamples.Metrics(0.9))));
        Assert.Equal("trial 1: this worker's claim (attempt 1) expired and the trial was re-queued; its result is refused", refused.Message);

        // The next claim is attempt 2; the old claim stays refused while the new one runs.
        var (second, secondClaim) = await ClaimInChild(coordinator, "w-second");
        using (second)
        {
            Assert.Equal((1, 2), (secondClaim.TrialId, secondClaim.Attempt));
            Assert.Throws<ClaimLostException>(() => coordinator.Report(firstClaim, TrialOutcome.Completed(PgSamples.Metrics(0.9))));
            Assert.Equal(TrialStatus.Running, coordinator.GetTrial(1)!.Status);
            PostgresHelperProcess.KillHard(second);
        }

        // Attempts (2) reached maxAttempts (2): failed with the reason, and reaches the strategy as a finished trial.
        var failed = await RequeueWhenStale(coordinator, maxAttempts: 2);
        Assert.Equal([new StaleTrial(1, "w-second", 2, Failed: true)], failed);
        var trial = coordinator.GetTrial(1)!;
        Assert.Equal(TrialStatus.Failed, trial.Status);
        Assert.Equal("worker w-second stopped heartbeating; gave up after 2 attempts", trial.Error);
        Assert.NotNull(trial.FinishedAt);
        Assert.Equal([1], coordinator.FinishedUntold().Select(t => t.Id));
        Assert.Null(coordinator.Claim("w-third"));
        Assert.Throws<ClaimLostException>(() => coordinator.Report(secondClaim, TrialOutcome.Completed(PgSamples.Metrics(0.9))));
    }
}
