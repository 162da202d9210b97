using NasLab.Search.Store;
using NasLab.Search.Store.Postgres;
using NasLab.Search.Tests.Support;

namespace NasLab.Search.Tests.Store.Postgres;

/// <summary>naslab creates its tables once, even when several processes start on a fresh database at once, and refuses other versions.</summary>
public sealed class PostgresSchemaTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [PostgresFact]
    public async Task Eight_processes_opening_a_fresh_database_at_once_all_succeed_and_the_schema_exists_once()
    {
        const int processes = 8;
        var children = Enumerable.Range(1, processes).Select(i => PostgresHelperProcess.Start("pg-open", _db.Url, $"exp{i}")).ToList();
        try
        {
            // All load and start first; then they are released together onto the empty database.
            foreach (var child in children) Assert.Equal("ready", await ChildLines.Next(child));
            foreach (var child in children) await child.StandardInput.WriteLineAsync("go");
            foreach (var child in children) child.StandardInput.Close();
            var ends = children.Select(async child =>
            {
                var output = child.StandardOutput.ReadToEndAsync();
                var error = child.StandardError.ReadToEndAsync();
                await child.WaitForExitAsync();
                return (Output: await output, Error: await error, child.ExitCode);
            });
            // Each opened its experiment, with no error (a failure shows the child's stderr here).
            Assert.All(await Task.WhenAll(ends).WaitAsync(ChildLines.Patience), end => Assert.Equal(("opened\n", "", 0), end));
        }
        finally
        {
            foreach (var child in children)
            {
                PostgresHelperProcess.KillHard(child);
                child.Dispose();
            }
        }

        Assert.Equal(1L, _db.Scalar<long>("SELECT count(*) FROM naslab_schema"));
        Assert.Equal(PostgresSchema.Version, _db.Scalar<int>("SELECT version FROM naslab_schema"));
        Assert.Equal(6L, _db.Scalar<long>("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'naslab\\_%'"));
        Assert.Equal(Enumerable.Range(1, processes).Select(i => $"exp{i}").Order(), PostgresTrialStore.ListExperiments(_db.Location));
    }

    [PostgresFact]
    public void Another_schema_version_is_refused_with_a_clear_error()
    {
        using (PostgresTrialStore.OpenCoordinator(_db.Location, PgSamples.Identity("e"), force: false)) { }
        _db.Execute("UPDATE naslab_schema SET version = 99");

        foreach (var open in new Func<IDisposable>[]
                 {
                     () => PostgresTrialStore.OpenCoordinator(_db.Location, PgSamples.Identity("e"), force: false),
                     () => PostgresTrialStore.OpenWorker(_db.Location, null),
                     () => PostgresTrialStore.OpenReadOnly(_db.Location, "e"),
                     () => { PostgresTrialStore.ListExperiments(_db.Location); return new MemoryStream(); },
                 })
        {
            var e = Assert.Throws<TrialStoreException>(open);
            Assert.Contains($"{_db.Location.Display}: naslab schema version 99 is not supported by naslab", e.Message);
            Assert.Contains($"(expects {PostgresSchema.Version})", e.Message);
        }
    }

    [PostgresFact]
    public void A_reader_or_worker_never_creates_the_schema()
    {
        Assert.Throws<TrialStoreException>(() => PostgresTrialStore.OpenReadOnly(_db.Location, null));
        Assert.Throws<TrialStoreException>(() => PostgresTrialStore.OpenWorker(_db.Location, "x"));
        Assert.Equal(0L, _db.Scalar<long>("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'naslab\\_%'"));
    }
}
