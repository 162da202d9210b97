using Microsoft.Data.Sqlite;
using NasLab.Search.Store;
using NasLab.Tests.Support;

namespace NasLab.Tests.Store;

/// <summary>
/// A search killed with SIGKILL never gets to write "interrupted"; readers tell from the writer lock (which
/// the OS drops with the process) that nothing runs any more, without writing to the store themselves.
/// </summary>
public sealed class InterruptedStatusTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Db => _dir.File("trials.db");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Trials_says_running_while_the_writer_lives_and_interrupted_after_sigkill()
    {
        using var child = HelperProcess.Start("hold-running", Db);
        var stderr = child.StandardError.ReadToEndAsync();
        try
        {
            Assert.Equal("ready", await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            var live = NasLabCli.Run("trials", Db);
            Assert.Equal(0, live.Code);
            Assert.Contains("exp (running)", live.Out);
            Assert.Contains("1 running", live.Out);
            // The probe released the lock at once: the writer is unaffected and a second writer is still refused.
            Assert.False(child.HasExited);
            Assert.Throws<TrialStoreException>(() => TrialStore.Open(Db));
        }
        finally
        {
            child.Kill(); // SIGKILL: the child never records that it stopped
            Assert.True(child.WaitForExit(10_000));
        }
        Assert.Equal("", await stderr.WaitAsync(TimeSpan.FromSeconds(5)));

        var dead = NasLabCli.Run("trials", Db);
        Assert.Equal(0, dead.Code);
        Assert.Contains("exp (interrupted)", dead.Out);
        Assert.DoesNotContain("(running)", dead.Out);
        Assert.Contains("1 interrupted", dead.Out);

        var html = _dir.File("report.html");
        Assert.Equal(0, NasLabCli.Run("report", Db, "--output", html).Code);
        Assert.Contains("status interrupted", File.ReadAllText(html));

        // Readers only report it: the row still says running until a resume recovers it.
        Assert.Equal("running", StoredExperimentStatus());
    }

    [Fact]
    public void Read_only_store_reports_a_running_experiment_as_interrupted_only_when_no_writer_holds_the_lock()
    {
        using (var writer = TrialStore.Create(Db, Samples.Identity))
        {
            writer.SetStatus(ExperimentStatus.Running);
            using var whileWriting = TrialStore.OpenReadOnly(Db);
            Assert.Equal(ExperimentStatus.Running, whileWriting.GetExperiment().Status);
            Assert.Equal(ExperimentStatus.Running, writer.GetExperiment().Status);
        }

        using (var reader = TrialStore.OpenReadOnly(Db))
            Assert.Equal(ExperimentStatus.Interrupted, reader.GetExperiment().Status);

        // A database copied without its lock file has no writer either; the probe must not create the file.
        File.Delete(Db + ".lock");
        using (var reader = TrialStore.OpenReadOnly(Db))
            Assert.Equal(ExperimentStatus.Interrupted, reader.GetExperiment().Status);
        Assert.False(File.Exists(Db + ".lock"));

        // Other statuses are what the writer last recorded, lock or not.
        using (var writer = TrialStore.Open(Db)) writer.SetStatus(ExperimentStatus.Completed);
        using (var reader = TrialStore.OpenReadOnly(Db))
            Assert.Equal(ExperimentStatus.Completed, reader.GetExperiment().Status);
        Assert.Equal("completed", StoredExperimentStatus());
    }

    private string StoredExperimentStatus()
    {
        using var c = new SqliteConnection($"Data Source={Db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT status FROM experiment";
        return (string)cmd.ExecuteScalar()!;
    }
}
