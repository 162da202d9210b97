namespace NasLab.Search.Store;

/// <summary>
/// Guarantees one writing process per experiment: an exclusive lock on <c>trials.db.lock</c>, held for the
/// store's lifetime. The OS drops it when the process dies (even by SIGKILL), so a crash never leaves a
/// stale lock, and crash recovery can never delete the in-flight trial of a search that is still alive.
/// </summary>
internal sealed class WriterLock : IDisposable
{
    private readonly FileStream _stream;

    private WriterLock(FileStream stream) => _stream = stream;

    public static WriterLock Acquire(string databasePath)
    {
        var path = databasePath + ".lock";
        try
        {
            // FileShare.None is enforced between processes on Unix with an advisory flock.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new WriterLock(stream);
        }
        catch (IOException e)
        {
            throw new TrialStoreException(
                $"{databasePath}: another naslab process is writing this experiment; wait for it to finish or stop it first", e);
        }
    }

    /// <summary>
    /// Whether some process holds the writer lock of <paramref name="databasePath"/> right now. Takes a shared
    /// lock for an instant and never creates the lock file, so it works on read-only copies and cannot stall
    /// a writer (one starting in that very instant is refused with the usual "another process" message).
    /// </summary>
    public static bool IsHeld(string databasePath)
    {
        try
        {
            // FileShare.ReadWrite asks for a shared flock, which fails only while a writer holds its exclusive one.
            using var probe = new FileStream(databasePath + ".lock", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false; // no writer has ever run here (or the database was copied without it)
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _stream.Dispose();
}
