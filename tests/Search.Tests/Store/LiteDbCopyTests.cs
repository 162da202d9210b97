using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Search.Tests.Support;
using Xunit.Abstractions;

namespace NasLab.Search.Tests.Store;

/// <summary>
/// An experiment folder is copyable: copied at random instants while a writer process commits, every copy opens
/// (read-only and writable), passes the integrity check and holds a consistent prefix; after a finished run the
/// data file alone holds everything.
/// </summary>
[Collection(WriterProcesses.Name)]
public sealed class LiteDbCopyTests(ITestOutputHelper output) : IDisposable
{
    private const int Copies = 12;

    private readonly TempDirectory _dir = new();

    private string Experiment => _dir.File("exp");

    private string Db => Path.Combine(Experiment, LiteDbTrialStore.FileName);

    public void Dispose() => _dir.Dispose();

    /// <summary>Copies the files a user copies, data file first as <c>cp -r</c> may; a file that vanished meanwhile is skipped.</summary>
    private static void CopyFolder(string from, string to, bool logFirst)
    {
        Directory.CreateDirectory(to);
        var files = logFirst ? new[] { "trials-log.db", "trials.db" } : ["trials.db", "trials-log.db"];
        foreach (var name in files)
        {
            try { File.Copy(Path.Combine(from, name), Path.Combine(to, name)); }
            catch (FileNotFoundException) { }
        }
    }

    /// <summary>Opens the copy read-only and then writable; returns the read-only snapshot's trial count, or the error.</summary>
    private static (int Trials, string? Error) OpenCopy(string copyDir, IReadOnlyList<string> printedBefore, bool mustHoldPrinted)
    {
        var db = Path.Combine(copyDir, "trials.db");
        string finished;
        int trials;
        try
        {
            using var reader = LiteDbTrialStore.OpenReadOnly(db);
            StoreWorkload.AssertHoldsCommitted(reader, mustHoldPrinted ? printedBefore : [], writerStopped: false);
            finished = Finished(reader);
            trials = reader.Count();
        }
        catch (TrialStoreException e)
        {
            Assert.Contains(db, e.Message);
            return (0, e.Message);
        }
        using (var writer = LiteDbTrialStore.Open(db, Samples.Identity.ConfigHash))
        {
            Assert.Equal(trials, writer.Count());
            StoreWorkload.AssertHoldsCommitted(writer, mustHoldPrinted ? printedBefore : [], writerStopped: false);
        }
        // The writable open folded the log in on dispose: the data file alone now holds the same trials.
        Assert.False(File.Exists(Path.Combine(copyDir, "trials-log.db")));
        using (var again = LiteDbTrialStore.OpenReadOnly(db))
        {
            // Same trials; only those that were running are queued again (the writable open re-queued them).
            Assert.Equal(trials, again.Count());
            Assert.Equal(finished, Finished(again));
            Assert.Equal(0, again.Count(TrialStatus.Running));
        }
        return (trials, null);
    }

    /// <summary>Finished trials and the latest checkpoint as text: what a writable open must leave exactly as it found.</summary>
    private static string Finished(ITrialReader r) =>
        string.Join("\n", r.ListTrials(TrialQuery.All).Where(t => t.IsFinished).Select(Samples.Describe)) + "\n" +
        Convert.ToHexString(r.LatestCheckpoint()?.Blob ?? []);

    [Fact]
    public void Copies_taken_under_the_shared_checkpoint_lock_hold_everything_committed_before()
    {
        var rng = new Random(Environment.TickCount);
        // A 1 MB threshold: the writer folds its log in every dozen commits or so, yet no copy may miss a commit.
        using var child = HelperProcess.Start("write", Db, "3", "forever", "20000", (1024 * 1024).ToString());
        child.WaitForLines(2);
        var sizes = new List<int>();
        for (var i = 0; i < Copies; i++)
        {
            // A random number of commits, then a random instant within the next one.
            child.WaitForLines(child.Lines.Count + rng.Next(1, 8));
            Thread.SpinWait(rng.Next(0, 1_000_000));
            var printed = child.Lines.Where(l => !l.StartsWith("open")).ToList();
            var copy = _dir.File($"copy{i}");
            // What `flock -s trials.db.checkpoint-lock cp -r ...` does: a shared lock that only the writer's checkpoints wait for.
            using (CheckpointGate.EnterRead(Db, TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException("no checkpoint lock file"))
                CopyFolder(Experiment, copy, logFirst: i % 2 == 1);
            var (trials, error) = OpenCopy(copy, printed, mustHoldPrinted: true);
            Assert.Null(error);
            sizes.Add(trials);
        }
        if (child.HasExited) Assert.Fail($"the writer died: {child.StandardError}");
        child.Kill();
        output.WriteLine($"{Copies} copies, trials per copy: {string.Join(",", sizes)}");
    }

    [Theory]
    [InlineData(128 * 1024)]
    [InlineData(4 * 1024 * 1024)]
    public void Plain_copies_racing_the_writers_log_checkpoints_open_as_a_consistent_prefix_or_are_refused(int checkpointLogBytes)
    {
        var rng = new Random(Environment.TickCount);
        using var child = HelperProcess.Start("write", Db, "4", "forever", "20000", checkpointLogBytes.ToString());
        child.WaitForLines(2);
        var (consistent, refused, complete) = (0, 0, 0);
        var errors = new List<string>();
        var older = new List<string>();
        for (var i = 0; i < Copies; i++)
        {
            // A random number of commits, then a random instant within the next one.
            child.WaitForLines(child.Lines.Count + rng.Next(1, 8));
            Thread.SpinWait(rng.Next(0, 1_000_000));
            var printed = child.Lines.Where(l => !l.StartsWith("open")).ToList();
            var copy = _dir.File($"copy{i}");
            CopyFolder(Experiment, copy, logFirst: i % 2 == 1);
            // Whatever it holds must be a consistent prefix; whether it holds all that was printed is only counted.
            var (trials, error) = OpenCopy(copy, printed, mustHoldPrinted: false);
            if (error is not null)
            {
                refused++;
                errors.Add(error);
                continue;
            }
            consistent++;
            using var reader = LiteDbTrialStore.OpenReadOnly(Path.Combine(copy, "trials.db"));
            var printedTrials = printed.Where(l => l.StartsWith("enqueued")).Select(l => l.Split(' ')[1].Split(',').Select(int.Parse).Max()).DefaultIfEmpty(0).Max();
            if (trials >= printedTrials) complete++;
            else older.Add($"copy {i} ({(i % 2 == 1 ? "log first" : "data first")}): {trials} trials, {printedTrials} committed before it started");
        }
        child.Kill();
        output.WriteLine($"{Copies} plain copies, log checkpoint past {checkpointLogBytes} bytes: {consistent} opened consistent " +
                         $"({complete} holding every trial committed before the copy), {refused} refused as damaged");
        foreach (var o in older) output.WriteLine(o);
        foreach (var e in errors.Distinct()) output.WriteLine(e);
        Assert.True(consistent > 0);
    }

    [Fact]
    public void After_a_finished_run_the_data_file_alone_holds_every_trial()
    {
        using var child = HelperProcess.Start("write", Db, "5", "25", "20000", "131072");
        Assert.Equal(0, child.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.Equal("", child.StandardError);
        var lines = child.Lines.ToList();
        Assert.Equal("closed", lines[^1]);
        Assert.False(File.Exists(Path.Combine(Experiment, "trials-log.db")));

        var lone = _dir.File("lone");
        Directory.CreateDirectory(lone);
        File.Copy(Db, Path.Combine(lone, "trials.db")); // only the data file
        using var reader = LiteDbTrialStore.OpenReadOnly(Path.Combine(lone, "trials.db"));
        var committed = lines.Where(l => l != "closed" && !l.StartsWith("open")).ToList();
        StoreWorkload.AssertHoldsCommitted(reader, committed);
        var enqueued = committed.Where(l => l.StartsWith("enqueued")).SelectMany(l => l.Split(' ')[1].Split(',')).Count();
        Assert.Equal(enqueued, reader.Count());
        Assert.Equal(ExperimentStatus.Completed, reader.GetExperiment().Status);
    }
}
