namespace NasLab.Evaluator;

/// <summary>
/// A dataset file is truncated, corrupt or inconsistent. Always names the file and the byte offset
/// where the problem was found, so a user can inspect it (e.g. with <c>xxd -s OFFSET FILE</c>).
/// For gzip files the offset is into the decompressed stream, and the message says so.
/// </summary>
public sealed class DataFormatException : Exception
{
    public string FilePath { get; }
    public long Offset { get; }

    public DataFormatException(string filePath, long offset, string problem)
        : base($"{filePath}: at byte offset {offset}: {problem}")
    {
        FilePath = filePath;
        Offset = offset;
    }
}
