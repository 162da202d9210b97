using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Search.Tests.Support;
using Xunit.Abstractions;

namespace NasLab.Search.Tests.Store;

/// <summary>
/// Readers while a writer writes: another process commits continuously (and checkpoints its log every few
/// commits) while this one opens read-only stores again and again. Every open succeeds and shows a consistent
/// prefix holding at least everything committed before it opened.
/// </summary>
[Collection(WriterProcesses.Name)]
public sealed class LiteDbConcurrentReaderTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Db => _dir.File(LiteDbTrialStore.FileName);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_read_only_open_under_a_live_writer_succeeds_and_shows_a_consistent_prefix()
    {
        using var child = HelperProcess.Start("write", Db, "7", "forever", "20000", "131072");
        child.WaitForLines(2);
        var retriesBefore = LiteDbTrialStore.TornReadRetries;
        var (opens, lastCount, grew) = (0, 0, 0);
        // Until 60 reads of which at least 10 saw new commits: reads must overlap the writer's work, whatever the machine's speed.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (opens < 60 || grew < 10)
        {
            Assert.True(DateTime.UtcNow < deadline, $"after {opens} reads only {grew} saw new commits");
            var printed = child.Lines.ToList(); // all committed before this open
            using var reader = LiteDbTrialStore.OpenReadOnly(Db);
            StoreWorkload.AssertHoldsCommitted(reader, printed.Where(l => !l.StartsWith("open")), writerStopped: false);
            Assert.Equal(ExperimentStatus.Running, reader.GetExperiment().Status); // the writer holds the lock
            Assert.True(reader.Count() >= lastCount, "a later snapshot never has fewer trials");
            if (reader.Count() > lastCount) grew++;
            lastCount = reader.Count();
            opens++;
        }
        if (child.HasExited) Assert.Fail($"the writer died: {child.StandardError}");
        child.Kill();
        output.WriteLine($"{opens} opens, {grew} saw new trials, {lastCount} trials at the end, " +
                         $"{LiteDbTrialStore.TornReadRetries - retriesBefore} reads retried after a torn read");
    }
}
