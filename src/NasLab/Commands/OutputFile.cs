namespace NasLab.Cli.Commands;

/// <summary>
/// The one way commands write result files (<c>export</c>, <c>report</c>, <c>train</c>): never over a file the
/// command reads nor over a trial store, and atomically, so an interrupted or failed write leaves the old file
/// (or none) rather than half of a new one.
/// </summary>
public static class OutputFile
{
    /// <summary>The files beside a store's database: the writer lock (trials.db.lock) and LiteDB's log (trials-log.db).</summary>
    private static readonly string[] StoreSideSuffixes = [".lock", "-log.db"];

    /// <summary>LiteDB 5 writes this text at offset 32 of a data file's header page.</summary>
    private static readonly byte[] LiteDbHeader = "** This is a LiteDB file **"u8.ToArray();

    private const int LiteDbHeaderOffset = 32;

    /// <summary>Refuses an output that is one of <paramref name="inputs"/> or a file of any trial store, however spelled.</summary>
    /// <param name="option">The option that named the output, e.g. <c>--output</c>.</param>
    /// <param name="output">The path as the user gave it (errors quote it so).</param>
    /// <param name="inputs">Every file the command reads.</param>
    /// <exception cref="UserErrorException">The output would replace an input or a store file, or is a directory.</exception>
    public static void EnsureNotInput(string option, string output, IEnumerable<CommandInput> inputs)
    {
        // Found here rather than by the final rename, which for train comes only after the whole training run.
        if (Directory.Exists(output))
            throw new UserErrorException($"{option}: '{output}' is a directory; give the path of a file to write");
        EnsureNotStoreFile(option, output);
        foreach (var input in inputs)
        {
            if (RealPath.Same(output, input.Path))
            {
                throw new UserErrorException(
                    $"{option}: '{output}' is the file given as {input.Option} ('{input.Path}'); the output must not replace an input, choose another path");
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="output"/> by letting <paramref name="writeTemporary"/> write a temporary file next to
    /// it, flushing that to disk and renaming it over the output. A symbolic link at the output is followed, so
    /// the link stays and its target is replaced.
    /// </summary>
    /// <exception cref="UserErrorException">The output is a store file, or cannot be written.</exception>
    public static void Write(string option, string output, Action<string> writeTemporary)
    {
        // Checked again at write time: a store may have appeared at the path while the command worked.
        EnsureNotStoreFile(option, output);
        var destination = RealPath.Of(output);
        var directory = Path.GetDirectoryName(destination)!;
        var name = Path.GetFileName(destination);
        // Same directory, so the rename cannot cross file systems; the extension is kept for writers that look at it.
        var temporary = Path.Combine(directory, $".{name}.{Guid.NewGuid().ToString("N")[..8]}.tmp{Path.GetExtension(name)}");
        try
        {
            Directory.CreateDirectory(directory);
            writeTemporary(temporary);
            using (var written = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite)) written.Flush(flushToDisk: true);
            File.Move(temporary, destination, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"{option}: cannot write '{output}': {e.Message}");
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private static void EnsureNotStoreFile(string option, string output)
    {
        if (StoreOf(output) is { } database)
        {
            throw new UserErrorException(
                $"{option}: '{output}' is a file of the trial store '{database}'; outputs never replace a trial store or its " +
                "lock and log files, choose another path");
        }
    }

    /// <summary>The store database that <paramref name="path"/> is or sits beside, recognised by LiteDB's file header.</summary>
    private static string? StoreOf(string path)
    {
        var real = RealPath.Of(path);
        if (IsStoreDatabase(real)) return real;
        foreach (var suffix in StoreSideSuffixes)
        {
            if (!real.EndsWith(suffix, RealPath.Comparison)) continue;
            // trials.db.lock → trials.db; trials-log.db → trials.db
            var database = RealPath.Of(real[..^suffix.Length] + (suffix == "-log.db" ? ".db" : ""));
            if (IsStoreDatabase(database)) return database;
        }
        return null;
    }

    private static bool IsStoreDatabase(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[LiteDbHeaderOffset + 27];
            return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
                && header[LiteDbHeaderOffset..].SequenceEqual(LiteDbHeader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover hidden .tmp file is harmless and the real error was already reported.
        }
    }
}
