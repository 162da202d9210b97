using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Search.Tests.Support;
using Xunit.Abstractions;

namespace NasLab.Search.Tests.Store;

/// <summary>
/// kill -9 at any instant loses nothing committed: a real writer process is SIGKILLed at random instants, again
/// and again on the same store (each time reopened by the next writer), and after every kill the store must hold
/// every commit the writer reported, whole, and nothing half-written.
/// </summary>
[Collection(WriterProcesses.Name)]
public sealed class LiteDbKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 20;

    private readonly TempDirectory _dir = new();

    private string Db => _dir.File(LiteDbTrialStore.FileName);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_writer_killed_at_random_instants_loses_nothing_it_committed()
    {
        var seed = Environment.TickCount;
        var rng = new Random(seed);
        var committed = new List<string>();
        var killedBeforeOpen = 0;
        for (var kill = 1; kill <= Kills; kill++)
        {
            // 20 KB strategy states and a 256 KB log threshold: the writer checkpoints its log every few commits, so
            // kills also land inside checkpoints, and (every fifth kill) inside the open's own recovery.
            using var child = HelperProcess.Start("write", Db, kill.ToString(), "forever", "20000", "262144");
            if (kill > 1 && rng.Next(5) == 0)
            {
                Thread.Sleep(rng.Next(0, 400));
            }
            else
            {
                child.WaitForLines(1 + rng.Next(0, 25));
                Thread.SpinWait(rng.Next(0, 2_000_000));
            }
            var lines = child.Kill();
            Assert.Equal("", child.StandardError);
            if (lines.Count == 0) killedBeforeOpen++;
            Assert.True(kill > 1 || lines.Count > 0, "the first writer creates the store before it is killed");
            committed.AddRange(lines.Where(l => !l.StartsWith("open")));

            using var reader = LiteDbTrialStore.OpenReadOnly(Db);
            try
            {
                StoreWorkload.AssertHoldsCommitted(reader, committed);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"after kill {kill} (seed {seed}): {e.Message}");
            }
            Assert.Equal(ExperimentStatus.Interrupted, reader.GetExperiment().Status); // stored running, but nobody holds the lock
        }

        // The last kill left running trials behind; the next writer re-queues them and finishes cleanly.
        using (var store = LiteDbTrialStore.Open(Db, Samples.Identity.ConfigHash))
        {
            Assert.Equal(0, store.Count(TrialStatus.Running));
            StoreWorkload.AssertHoldsCommitted(store, committed);
        }
        Assert.False(File.Exists(_dir.File("trials-log.db")));
        using var final = LiteDbTrialStore.OpenReadOnly(Db);
        output.WriteLine($"seed {seed}: {Kills} kills ({killedBeforeOpen} before the writer opened), {committed.Count} commits reported, " +
                         $"{final.Count()} trials, {final.Count(TrialStatus.Completed)} completed");
        Assert.True(committed.Count >= Kills, $"only {committed.Count} commits in {Kills} runs");
    }
}
