using NasLab.Search.Store;
using NasLab.Search.Store.Postgres;

namespace NasLab.Search.Tests.Store.Postgres;

/// <summary>
/// The store contract against the private PostgreSQL server: each store is a coordinator of its own fresh
/// database (a second coordinator of one experiment would be refused), its reader a read-only store on it.
/// </summary>
public sealed class PostgresTrialStoreContractTests : TrialStoreContract
{
    private readonly Dictionary<ITrialStore, TestDatabase> _databases = [];

    protected override ITrialStore CreateStore(ExperimentIdentity identity)
    {
        Skip.If(string.IsNullOrEmpty(TestDatabase.ServerUrl), $"needs PostgreSQL: run ./test.sh, which starts a private server and sets {TestDatabase.Variable}");
        var database = new TestDatabase();
        var store = PostgresTrialStore.OpenCoordinator(database.Location, identity, force: false);
        _databases[store] = database;
        return store;
    }

    protected override ITrialReader OpenReader(ITrialStore store) =>
        PostgresTrialStore.OpenReadOnly(_databases[store].Location, store.GetExperiment().Name);

    /// <summary>Counted by PostgreSQL itself, not through the store.</summary>
    protected override int StoredCheckpointCount(ITrialStore store) =>
        (int)_databases[store].Scalar<long>("SELECT count(*) FROM naslab_checkpoints");

    public override void Dispose()
    {
        base.Dispose();
        foreach (var database in _databases.Values) database.Dispose();
    }
}
