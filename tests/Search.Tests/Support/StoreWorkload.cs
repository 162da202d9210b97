using System.Text;
using NasLab.Search.Store;

namespace NasLab.Search.Tests.Support;

/// <summary>
/// What the writer child process does to a store, and how a test checks what survived. The child prints one line
/// after each commit (<c>enqueued 4,5</c>, <c>claimed 4 1</c>, <c>reported 4</c>, <c>told 4,5</c>); everything a
/// printed line names must be in the store afterwards, whenever the child was killed. Every strategy checkpoint
/// says how many trials and told trials the store holds once it commits, so the latest one can be checked against
/// the trials.
/// </summary>
internal static class StoreWorkload
{
    private const string Worker = "w1";

    public static void Run(ITrialStore store, Random rng, int rounds, int checkpointPadding, Action<string> committed)
    {
        for (var round = 0; round < rounds; round++)
        {
            var trials = store.ListTrials(TrialQuery.All);
            var told = trials.Count(t => t.Told);
            var completed = trials.Where(t => t.Status == TrialStatus.Completed).Select(t => t.Id).ToList();
            var count = rng.Next(1, 4);
            var proposals = Enumerable.Range(trials.Count + 1, count)
                .Select(id => Samples.Proposal(id, completed.Count > 0 && rng.Next(5) == 0 ? completed[rng.Next(completed.Count)] : null))
                .ToList();
            var ids = store.Enqueue(proposals, Blob(trials.Count + count, told, checkpointPadding, rng));
            committed("enqueued " + string.Join(",", ids));

            for (var k = rng.Next(1, 3); k > 0; k--)
            {
                if (store.Claim(Worker) is not { } claim) break;
                committed($"claimed {claim.TrialId} {claim.Attempt}");
                store.Report(claim, Outcome(claim.TrialId));
                committed($"reported {claim.TrialId}");
            }

            var untold = store.FinishedUntold().Select(t => t.Id).ToList();
            if (untold.Count == 0) continue;
            store.MarkTold(untold, Blob(trials.Count + count, told + untold.Count, checkpointPadding, rng));
            committed("told " + string.Join(",", untold));
        }
    }

    public static TrialOutcome Outcome(int id) => id % 7 == 0
        ? TrialOutcome.Failed($"boom {id}")
        : TrialOutcome.Completed(Samples.Metrics((id % 10) / 10.0, 10 + id, reward: id / 1000.0));

    /// <summary>"trials=N told=K" and random padding (strategy states are large: the log must grow and be checkpointed).</summary>
    public static byte[] Blob(int trials, int told, int padding, Random rng)
    {
        var head = Encoding.ASCII.GetBytes($"trials={trials} told={told};");
        var blob = new byte[head.Length + padding];
        head.CopyTo(blob, 0);
        rng.NextBytes(blob.AsSpan(head.Length));
        return blob;
    }

    public static (int Trials, int Told) Decode(byte[] blob)
    {
        var text = Encoding.ASCII.GetString(blob, 0, Array.IndexOf(blob, (byte)';'));
        var parts = text.Split(' ').Select(p => int.Parse(p.Split('=')[1])).ToArray();
        return (parts[0], parts[1]);
    }

    /// <summary>Asserts that <paramref name="r"/> holds everything the printed <paramref name="lines"/> say was committed, and is consistent.</summary>
    /// <param name="writerStopped">The writer is dead or done, so nothing beyond the commit in flight can have been added since.</param>
    public static void AssertHoldsCommitted(ITrialReader r, IEnumerable<string> lines, bool writerStopped = true)
    {
        var trials = r.ListTrials(TrialQuery.All);
        Assert.Equal(Enumerable.Range(1, trials.Count), trials.Select(t => t.Id));
        var maxPrinted = 0;
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            var ids = parts.Length > 1 && parts[0] != "open" ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList() : [];
            foreach (var id in ids)
            {
                Assert.True(id <= trials.Count, $"'{line}' was committed but trial {id} is missing ({trials.Count} trials)");
                var t = trials[id - 1];
                Assert.Equal($"b{id}_k3_e6", t.BlockString);
                switch (parts[0])
                {
                    case "enqueued":
                        maxPrinted = Math.Max(maxPrinted, id);
                        break;
                    case "claimed":
                        Assert.True(t.Attempts >= int.Parse(parts[2]), $"'{line}': trial {id} has {t.Attempts} attempts");
                        break;
                    case "reported":
                        var expected = Outcome(id);
                        if (expected.Metrics is { } m)
                        {
                            Assert.Equal(TrialStatus.Completed, t.Status);
                            Assert.Equal((m.Accuracy, m.LatencyMs, m.Reward), (t.Accuracy, t.LatencyMs, t.Reward));
                        }
                        else
                        {
                            Assert.Equal((TrialStatus.Failed, expected.Error), (t.Status, t.Error));
                        }
                        break;
                    case "told":
                        Assert.True(t.Told, $"'{line}': trial {id} is not told");
                        break;
                }
            }
        }
        // Beyond what was printed, at most the one transaction in flight (an Enqueue of up to 3 trials).
        if (writerStopped) Assert.True(trials.Count <= maxPrinted + 3, $"{trials.Count} trials, only {maxPrinted} reported as enqueued");
        foreach (var t in trials)
        {
            Assert.Equal($"b{t.Id}_k3_e6", t.BlockString);
            if (t.Status is TrialStatus.Completed or TrialStatus.Duplicate)
            {
                Assert.NotNull(t.Accuracy);
                Assert.NotNull(t.LatencyMs);
                Assert.NotNull(t.FinishedAt);
            }
            if (t.DuplicateOf is { } o)
            {
                var original = trials[o - 1];
                Assert.Equal(TrialStatus.Completed, original.Status);
                Assert.Equal((original.Accuracy, original.LatencyMs, original.Reward), (t.Accuracy, t.LatencyMs, t.Reward));
            }
        }
        if (r.LatestCheckpoint() is { } c)
        {
            Assert.Equal((trials.Count, trials.Count(t => t.Told)), Decode(c.Blob));
            Assert.Equal(trials.Count, c.AfterTrial);
        }
        else
        {
            Assert.Empty(trials);
        }
    }
}
