namespace NasLab.Search.Store.LiteDb;

/// <summary>Size and modification time of a store's data and log files: if they changed during a read, a writer was at work.</summary>
internal readonly record struct FileStamp(long DataLength, DateTime DataWritten, long LogLength, DateTime LogWritten)
{
    public static FileStamp Of(string path)
    {
        var data = new FileInfo(path);
        var log = new FileInfo(LiteDbFiles.LogPath(path));
        return new FileStamp(data.Exists ? data.Length : -1, data.Exists ? data.LastWriteTimeUtc : default,
            log.Exists ? log.Length : -1, log.Exists ? log.LastWriteTimeUtc : default);
    }
}
