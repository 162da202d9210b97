using System.Text;
using LiteDB;

namespace NasLab.Search.Store.LiteDb;

/// <summary>How the store opens its LiteDB file, and what a failure to open becomes.</summary>
internal static class LiteDbFiles
{
    /// <summary>LiteDB's mark at byte 32 of every data file (HeaderPage.HEADER_INFO in LiteDB 5).</summary>
    private const string LiteDbMark = "** This is a LiteDB file **";

    private const int MarkOffset = 32;

    /// <summary>LiteDB's write-ahead log beside the data file: <c>trials.db</c> → <c>trials-log.db</c>.</summary>
    public static string LogPath(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!,
            Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path));

    /// <summary>The writer's engine: LiteDB opens (and locks) the files itself.</summary>
    public static LiteDatabase OpenWriter(string path)
    {
        RequireLiteDbFile(path);
        return Guard(path, () => new LiteDatabase(Settings(path)));
    }

    public static LiteDatabase Create(string path) => Guard(path, () => new LiteDatabase(Settings(path)));

    /// <summary>A reader's engine, over read-only views of the files (see <see cref="ReadOnlyLiteDb"/>).</summary>
    public static ReadOnlyLiteDb OpenReader(string path)
    {
        RequireLiteDbFile(path);
        return Guard(path, () => ReadOnlyLiteDb.Open(path));
    }

    /// <summary>
    /// Runs a LiteDB call, turning whatever it throws on a damaged or foreign file (LiteException, IOException,
    /// InvalidCastException, IndexOutOfRangeException, ...) into a damage report naming the file. LiteDB throws
    /// many unrelated types from deep inside its page reader, hence the broad catch.
    /// </summary>
    public static T Guard<T>(string path, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (TrialStoreException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException and not ThreadInterruptedException)
        {
            throw StoreLoader.Damaged(path, $"LiteDB cannot read it: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static ConnectionString Settings(string path) => new()
    {
        Filename = path,
        // Direct: this process opens the files itself (no shared-mode mutex across processes, which the
        // single-writer lock makes unnecessary).
        Connection = ConnectionType.Direct,
        // Never rebuild or upgrade silently: a damaged file must be reported, not replaced by what LiteDB salvaged.
        AutoRebuild = false,
        Upgrade = false,
    };

    /// <summary>Refuses a file that LiteDB did not write before LiteDB gets to open it (it may write to what it opens).</summary>
    private static void RequireLiteDbFile(string path)
    {
        var mark = new byte[LiteDbMark.Length];
        int read;
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            f.Position = MarkOffset;
            read = f.ReadAtLeast(mark, mark.Length, throwOnEndOfStream: false);
        }
        catch (IOException e)
        {
            throw new TrialStoreException($"{path}: cannot read the trial store ({e.Message})", e);
        }
        if (read < mark.Length || Encoding.ASCII.GetString(mark) != LiteDbMark)
        {
            throw new StoreDamagedException(
                $"{path}: not a naslab trial store (no LiteDB header); if it was one, it is damaged: restore it from a copy");
        }
    }
}
