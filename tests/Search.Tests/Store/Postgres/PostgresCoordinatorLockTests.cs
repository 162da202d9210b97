using NasLab.Search.Store;
using NasLab.Search.Store.Postgres;
using NasLab.Search.Tests.Support;

namespace NasLab.Search.Tests.Store.Postgres;

/// <summary>One coordinator per experiment, held by a session lock that dies with the process, even by SIGKILL.</summary>
public sealed class PostgresCoordinatorLockTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [PostgresFact]
    public async Task A_second_coordinator_is_refused_until_the_first_process_is_killed_and_readers_then_see_interrupted()
    {
        using var child = PostgresHelperProcess.Start("pg-coordinate", _db.Url, "locked");
        try
        {
            Assert.Equal("ready", await ChildLines.Next(child));

            var refused = Assert.Throws<TrialStoreException>(() =>
                PostgresTrialStore.OpenCoordinator(_db.Location, PgSamples.Identity("locked"), force: false));
            Assert.StartsWith("another coordinator is running experiment locked in ", refused.Message);

            using var reader = PostgresTrialStore.OpenReadOnly(_db.Location, "locked");
            Assert.Equal(ExperimentStatus.Running, reader.GetExperiment().Status);
            // Another experiment in the same database has its own lock.
            using (PostgresTrialStore.OpenCoordinator(_db.Location, PgSamples.Identity("other"), force: false)) { }

            PostgresHelperProcess.KillHard(child); // never records that it stopped

            // The server notices the closed socket and drops the lock; the stored status still says running.
            var deadline = DateTime.UtcNow + ChildLines.Patience;
            while (reader.GetExperiment().Status != ExperimentStatus.Interrupted && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.Equal(ExperimentStatus.Interrupted, reader.GetExperiment().Status);
            Assert.Equal("running", _db.Scalar<string>("SELECT status FROM naslab_experiments WHERE name = 'locked'"));

            using var next = PostgresTrialStore.OpenCoordinator(_db.Location, PgSamples.Identity("locked"), force: false);
            Assert.Equal(ExperimentStatus.Running, next.GetExperiment().Status); // it holds the lock itself
            Assert.Equal(ExperimentStatus.Running, reader.GetExperiment().Status);
            var again = Assert.Throws<TrialStoreException>(() =>
                PostgresTrialStore.OpenCoordinator(_db.Location, PgSamples.Identity("locked"), force: false));
            Assert.Contains("another coordinator is running experiment locked", again.Message);
        }
        finally
        {
            PostgresHelperProcess.KillHard(child);
        }
    }

    [PostgresFact]
    public void Disposing_the_coordinator_releases_its_lock_at_once()
    {
        PostgresTrialStore.OpenCoordinator(_db.Location, PgSamples.Identity("e"), force: false).Dispose();
        using var again = PostgresTrialStore.OpenCoordinator(_db.Location, PgSamples.Identity("e"), force: false);
        Assert.True(again.IsCoordinator);
    }
}
