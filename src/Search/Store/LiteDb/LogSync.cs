namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// Makes each commit durable: LiteDB writes a transaction's pages to the log with plain writes and never fsyncs
/// them, which survives a killed process but not an OS crash or power cut. The writer fsyncs the log after every
/// commit through a handle of its own (fsync flushes the file, whichever descriptor asks), as the SQLite store did
/// with <c>synchronous=FULL</c>: a trial takes minutes, an fsync milliseconds.
/// </summary>
internal sealed class LogSync(string logPath) : IDisposable
{
    private FileStream? _log;

    public void Flush()
    {
        try
        {
            // Write access only so that .NET issues the fsync; nothing is ever written through this handle.
            _log ??= new FileStream(logPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            _log.Flush(flushToDisk: true);
        }
        catch (FileNotFoundException)
        {
            // No log yet: nothing to flush.
        }
    }

    public void Dispose()
    {
        _log?.Dispose();
        _log = null;
    }
}
