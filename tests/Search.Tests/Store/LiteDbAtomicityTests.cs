using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Search.Tests.Support;

namespace NasLab.Search.Tests.Store;

/// <summary>
/// Every write is one transaction: each operation is aborted at each of its write steps in turn (the fault
/// injection seam throws there), and neither the writer nor a reader may ever see part of it; the store stays usable
/// and the same operation then succeeds as if nothing had happened.
/// </summary>
public sealed class LiteDbAtomicityTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 5, 6, 7, 89, TimeSpan.Zero);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Operations on a prepared store: trial 1 completed, 2 running (the claim given), 3 queued, 12 checkpoints written.</summary>
    public static TheoryData<string> Operations() =>
    [
        "enqueue", "enqueue-duplicate", "claim", "report-completed", "report-failed", "mark-told", "set-status", "record-run",
    ];

    private static void Run(string operation, LiteDbTrialStore store, TrialClaim running)
    {
        switch (operation)
        {
            case "enqueue": store.Enqueue([Samples.Proposal(4), Samples.Proposal(5)], Samples.Checkpoint(40)); break;
            case "enqueue-duplicate": store.Enqueue([Samples.Proposal(4), Samples.Proposal(5, duplicateOf: 1)], Samples.Checkpoint(41)); break;
            case "claim": Assert.Equal(3, store.Claim("w2")!.TrialId); break;
            case "report-completed": store.Report(running, TrialOutcome.Completed(Samples.Metrics(0.75, 33))); break;
            case "report-failed": store.Report(running, TrialOutcome.Failed("out of memory")); break;
            case "mark-told": store.MarkTold([1], Samples.Checkpoint(42)); break;
            case "set-status": store.SetStatus(ExperimentStatus.Completed); break;
            case "record-run":
                store.RecordRun(new RunRecord("search", "host:1", Start, "0.1.0", "0.105", "2.5", "1.31", 2, 2, "Debian", Samples.Identity.Dataset));
                break;
            default: throw new ArgumentOutOfRangeException(nameof(operation));
        }
    }

    private (LiteDbTrialStore Store, TrialClaim Running, ManualClock Clock) Prepare()
    {
        var clock = new ManualClock(Start);
        var store = LiteDbTrialStore.Create(Path.Combine(_dir.Path, Guid.NewGuid().ToString("N")[..8], "trials.db"), Samples.Identity, clock);
        store.Enqueue([Samples.Proposal(1), Samples.Proposal(2), Samples.Proposal(3)], Samples.Checkpoint(1));
        store.Report(store.Claim("w1")!, TrialOutcome.Completed(Samples.Metrics(0.5, 10)));
        var running = store.Claim("w1")!;
        // Ten checkpoints are kept: the next one written deletes the oldest in the same transaction.
        for (var i = 2; i <= 12; i++) store.MarkTold([], Samples.Checkpoint(i));
        clock.Advance(TimeSpan.FromSeconds(1));
        return (store, running, clock);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void An_operation_aborted_at_any_write_step_leaves_no_trace(string operation)
    {
        // The steps the operation takes, and what the store looks like after it, undisturbed.
        var steps = new List<string>();
        string after;
        var (reference, referenceClaim, _) = Prepare();
        using (reference)
        {
            reference.BeforeWriteStep = steps.Add;
            Run(operation, reference, referenceClaim);
            after = Samples.Snapshot(reference);
        }
        Assert.Contains("metadata", steps);
        Assert.Contains("experiment", steps);
        if (operation.StartsWith("enqueue") || operation == "mark-told") Assert.Contains("checkpoint-prune", steps);

        for (var failAt = 0; failAt < steps.Count; failAt++)
        {
            var (store, running, _) = Prepare();
            using (store)
            {
                var before = Samples.Snapshot(store);
                var calls = 0;
                var at = failAt;
                store.BeforeWriteStep = step =>
                {
                    if (calls++ == at) throw new IOException($"disk unplugged before {step}");
                };
                var e = Assert.Throws<IOException>(() => Run(operation, store, running));
                Assert.Equal($"disk unplugged before {steps[failAt]}", e.Message);
                store.BeforeWriteStep = null;

                Assert.Equal(before, Samples.Snapshot(store));
                using (var reader = LiteDbTrialStore.OpenReadOnly(store.Location)) Assert.Equal(before, Samples.Snapshot(reader));

                // Still usable: the same operation now goes through and gives what it gave undisturbed.
                Run(operation, store, running);
                Assert.Equal(after, Samples.Snapshot(store));
            }
            using var reopened = LiteDbTrialStore.OpenReadOnly(store.Location);
            Assert.Equal(after, Samples.Snapshot(reopened));
        }
    }
}
