using LiteDB;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Search.Tests.Support;

namespace NasLab.Search.Tests.Store;

/// <summary>The store contract against real LiteDB files; each store in its own experiment folder.</summary>
public sealed class LiteDbTrialStoreContractTests : TrialStoreContract
{
    private readonly TempDirectory _dir = new();

    protected override ITrialStore CreateStore(ExperimentIdentity identity) =>
        LiteDbTrialStore.Create(Path.Combine(_dir.Path, Guid.NewGuid().ToString("N")[..8], LiteDbTrialStore.FileName), identity);

    protected override ITrialReader OpenReader(ITrialStore store) => LiteDbTrialStore.OpenReadOnly(store.Location);

    /// <summary>Counted by LiteDB itself, in a read-only engine of its own, not through the store.</summary>
    protected override int StoredCheckpointCount(ITrialStore store)
    {
        using var db = new LiteDatabase(new ConnectionString { Filename = store.Location, ReadOnly = true });
        return db.GetCollection("checkpoints").Count();
    }

    public override void Dispose()
    {
        base.Dispose();
        _dir.Dispose();
    }
}
