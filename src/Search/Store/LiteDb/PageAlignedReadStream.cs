namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// A read-only view of a store file for LiteDB, cut to whole 8 KB pages as they were when it was opened. Readers
/// hand LiteDB these instead of file names because LiteDB's own file handling is not read-only even in a ReadOnly
/// engine: opening crops a log whose length is not a page multiple (a writer mid-append, or a copy taken then), and
/// disposing deletes a log that is empty at that moment, which unlinks the log a live writer has just truncated
/// and goes on writing to, so its later commits reach no reader and die with it on kill -9.
/// </summary>
internal sealed class PageAlignedReadStream(FileStream inner) : Stream
{
    private const int PageSize = 8192;

    private readonly long _length = inner.Length - inner.Length % PageSize;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position { get => inner.Position; set => inner.Position = value; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var left = _length - inner.Position;
        return left <= 0 ? 0 : inner.Read(buffer, offset, (int)Math.Min(count, left));
    }

    public override long Seek(long offset, SeekOrigin origin) => origin switch
    {
        SeekOrigin.Begin => Position = offset,
        SeekOrigin.Current => Position += offset,
        _ => Position = _length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("a trial store reader never changes the file");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("a trial store reader never changes the file");

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
