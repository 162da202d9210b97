using System.Collections.Concurrent;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;

namespace NasLab.Dashboard;

/// <summary>
/// Readers of the experiments, opened read-only and kept between requests. A LiteDB reader is a snapshot, so it is
/// opened again when the store's files change (a search committed); a PostgreSQL reader answers live. The dashboard
/// never opens a store any other way, so it never writes to one.
/// </summary>
public sealed class ReaderCache : IDisposable
{
    private sealed record Entry(ITrialReader Reader, string? Stamp);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private readonly object _lock = new();

    /// <summary>A reader of <paramref name="source"/> that shows every trial committed before this call.</summary>
    public ITrialReader Open(ExperimentSource source)
    {
        var key = $"{source.Location}|{source.DatabaseName}";
        var stamp = source.IsLocalFile ? LiteDbTrialStore.ChangeStamp(source.Location) : null;
        if (_entries.TryGetValue(key, out var current) && current.Stamp == stamp) return current.Reader;
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out current) && current.Stamp == stamp) return current.Reader;
            var reader = TrialStores.OpenReader(source.Location, source.DatabaseName);
            _entries[key] = new Entry(reader, stamp);
            // The old snapshot may still serve a request in flight; it holds no file handle (read-only snapshots are
            // read into memory), so it is left to the collector rather than disposed under that request.
            return reader;
        }
    }

    public void Dispose()
    {
        foreach (var entry in _entries.Values) entry.Reader.Dispose();
        _entries.Clear();
    }
}
