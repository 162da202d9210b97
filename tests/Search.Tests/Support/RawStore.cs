using LiteDB;
using NasLab.Search.Store.LiteDb;

namespace NasLab.Search.Tests.Support;

/// <summary>
/// A store file opened with LiteDB directly, bypassing the store, to damage or forge it the way a bug, a disk or a
/// person could: change a document with or without resealing its hash, and with or without fixing the digest.
/// </summary>
internal sealed class RawStore(string path) : IDisposable
{
    private readonly LiteDatabase _db = new(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });

    public BsonDocument Get(string collection, BsonValue id) => _db.GetCollection(collection).FindById(id);

    public int Count(string collection) => _db.GetCollection(collection).Count();

    /// <summary>Changes one document; <paramref name="reseal"/> recomputes its hash, <paramref name="fixDigest"/> the metadata too.</summary>
    public void Change(string collection, BsonValue id, Action<BsonDocument> change, bool reseal, bool fixDigest)
    {
        var doc = Get(collection, id);
        change(doc);
        if (reseal) DocumentChecksum.Seal(doc);
        _db.GetCollection(collection).Update(doc);
        if (fixDigest) FixMetadata(_ => { });
    }

    public void Delete(string collection, BsonValue id, bool fixDigest)
    {
        Assert.True(_db.GetCollection(collection).Delete(id));
        if (fixDigest) FixMetadata(_ => { });
    }

    /// <summary>Recomputes the digest over what is there now, applies <paramref name="change"/> and reseals the metadata: a perfect forgery.</summary>
    public void FixMetadata(Action<BsonDocument> change)
    {
        var digest = StoreDigest.Empty;
        foreach (var c in new[] { "experiment", "trials", "checkpoints", "runs" })
            foreach (var doc in _db.GetCollection(c).FindAll())
                digest = digest.Add(DocumentChecksum.DigestTerm(doc));
        var meta = Get("metadata", "store");
        meta["documents"] = digest.Documents;
        meta["digest"] = digest.SumHex;
        meta["trials"] = Count("trials");
        change(meta);
        DocumentChecksum.Seal(meta);
        _db.GetCollection("metadata").Update(meta);
    }

    public void Dispose()
    {
        _db.Checkpoint();
        _db.Dispose();
    }
}
