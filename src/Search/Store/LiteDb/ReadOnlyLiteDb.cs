using LiteDB;
using LiteDB.Engine;

namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// A LiteDB engine over read-only views of a store's data file and log (see <see cref="PageAlignedReadStream"/>):
/// it can read what a writer committed but never crop, delete or write a file.
/// </summary>
internal sealed class ReadOnlyLiteDb : IDisposable
{
    private readonly Stream _data;
    private readonly Stream _log;

    private ReadOnlyLiteDb(Stream data, Stream log, LiteDatabase db)
    {
        _data = data;
        _log = log;
        Db = db;
    }

    public LiteDatabase Db { get; }

    public static ReadOnlyLiteDb Open(string path)
    {
        Stream? data = null, log = null;
        try
        {
            data = new PageAlignedReadStream(OpenShared(path));
            var logPath = LiteDbFiles.LogPath(path);
            log = File.Exists(logPath) ? TryOpenLog(logPath) : new MemoryStream();
            var engine = new LiteEngine(new EngineSettings
            {
                DataStream = data,
                LogStream = log,
                ReadOnly = true,
                AutoRebuild = false,
                Upgrade = false,
            });
            return new ReadOnlyLiteDb(data, log, new LiteDatabase(engine));
        }
        catch
        {
            data?.Dispose();
            log?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Db.Dispose();
        _data.Dispose();
        _log.Dispose();
    }

    // Share everything: the writer holds both files open for writing and deletes the log when it closes.
    private static FileStream OpenShared(string file) =>
        new(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 8192, FileOptions.RandomAccess);

    private static Stream TryOpenLog(string logPath)
    {
        try
        {
            return new PageAlignedReadStream(OpenShared(logPath));
        }
        catch (FileNotFoundException)
        {
            return new MemoryStream(); // the writer closed and deleted it a moment ago, after folding it into the data file
        }
    }
}
