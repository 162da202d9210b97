namespace NasLab.Cli.Store;

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

    public void Dispose() => _stream.Dispose();
}
