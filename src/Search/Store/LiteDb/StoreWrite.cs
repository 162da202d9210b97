using LiteDB;

namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// The documents one store transaction writes. Each write goes to LiteDB inside the open transaction (after the
/// fault-injection step, so a test can abort at any point) and keeps the metadata digest in step; the in-memory
/// <see cref="StoreState"/> changes only in <see cref="Apply"/>, after LiteDB committed, so a rolled-back
/// transaction leaves no trace anywhere.
/// </summary>
internal sealed class StoreWrite(LiteDatabase db, StoreState state, Action<string>? beforeStep)
{
    private readonly List<Action> _onCommit = [];
    private readonly Dictionary<DocumentKey, UInt128?> _terms = [];
    private StoreDigest _digest = state.Head.Digest;

    public int Trials { get; set; } = state.Head.Trials;

    public long LastCheckpoint { get; set; } = state.Head.LastCheckpoint;

    public long LastRun { get; set; } = state.Head.LastRun;

    public ExperimentInfo Experiment { get; set; } = state.Experiment;

    /// <summary>Inserts or replaces a document; <paramref name="onCommit"/> mirrors it in memory once committed.</summary>
    public void Put(string collection, long id, BsonDocument doc, string step, Action onCommit)
    {
        beforeStep?.Invoke(step);
        DocumentChecksum.Seal(doc);
        var key = new DocumentKey(collection, id);
        if (CurrentTerm(key) is { } old) _digest = _digest.Remove(old);
        var term = DocumentChecksum.DigestTerm(doc);
        _digest = _digest.Add(term);
        db.GetCollection(collection).Upsert(doc);
        _terms[key] = term;
        _onCommit.Add(onCommit);
    }

    public void Delete(string collection, long id, BsonValue bsonId, string step, Action onCommit)
    {
        beforeStep?.Invoke(step);
        var key = new DocumentKey(collection, id);
        if (CurrentTerm(key) is not { } old) throw new InvalidOperationException($"{collection} document {id} does not exist");
        if (!db.GetCollection(collection).Delete(bsonId)) throw new InvalidOperationException($"{collection} document {id} was not deleted");
        _digest = _digest.Remove(old);
        _terms[key] = null;
        _onCommit.Add(onCommit);
    }

    /// <summary>Writes the metadata document last: counters and the digest over everything written before it.</summary>
    public StoreHead WriteHead()
    {
        beforeStep?.Invoke("metadata");
        var head = new StoreHead(LiteDbSchema.Version, Trials, LastCheckpoint, LastRun, _digest, NasLabVersion.Current);
        db.GetCollection(LiteDbSchema.Metadata).Upsert(DocumentChecksum.Seal(StoreDocuments.Metadata(head)));
        return head;
    }

    /// <summary>After the commit: the same changes in memory.</summary>
    public void Apply(StoreHead head)
    {
        foreach (var (key, term) in _terms)
        {
            if (term is { } t) state.Terms[key] = t;
            else state.Terms.Remove(key);
        }
        foreach (var action in _onCommit) action();
        state.Head = head;
    }

    private UInt128? CurrentTerm(DocumentKey key) =>
        _terms.TryGetValue(key, out var pending) ? pending : state.Terms.TryGetValue(key, out var t) ? t : null;
}
