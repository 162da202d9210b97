namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// Keeps readers and the writer's checkpoints apart. A LiteDB checkpoint rewrites pages of the data file and
/// truncates the log, so a reader in another process that reads during it can see pages of two moments (a torn
/// read). Readers hold a shared lock on <c>trials.db.checkpoint-lock</c> while they load; the writer checkpoints only
/// under the exclusive lock. Both are OS file locks (flock), dropped when a process dies.
/// <para>
/// Neither side blocks for long: a load takes milliseconds, and a writer that cannot get the lock in time skips a
/// periodic checkpoint (the next commit tries again). A reader that finds no lock file (a copy, or a store no
/// writer opened since it was created) reads without one; the integrity check and a retry cover what remains.
/// </para>
/// </summary>
internal static class CheckpointGate
{
    public static string LockPath(string databasePath) => databasePath + ".checkpoint-lock";

    /// <summary>The shared lock for one load, or null when there is no lock file or the writer kept it past <paramref name="timeout"/>.</summary>
    public static IDisposable? EnterRead(string databasePath, TimeSpan timeout) =>
        Acquire(() => new FileStream(LockPath(databasePath), FileMode.Open, FileAccess.Read, FileShare.ReadWrite), timeout);

    /// <summary>The exclusive lock for one checkpoint, or null when readers kept it past <paramref name="timeout"/>.</summary>
    public static IDisposable? EnterCheckpoint(string databasePath, TimeSpan timeout) =>
        Acquire(() => new FileStream(LockPath(databasePath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), timeout);

    private static IDisposable? Acquire(Func<FileStream> open, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return open();
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Held by the other side (FileShare maps to flock: None = exclusive, otherwise shared).
                Thread.Sleep(2);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
