using System.Formats.Tar;
using System.IO.Compression;

namespace NasLab.Evaluator;

/// <summary>
/// Extracts a .tar.gz archive (such as cifar-10-binary.tar.gz) into a directory. Only regular files and
/// directories are written; entries that would land outside the destination ("../", absolute paths) are
/// rejected, since archives are downloaded from the network.
/// </summary>
public static class TarGzExtractor
{
    /// <summary>Returns the full paths of the files written.</summary>
    public static IReadOnlyList<string> Extract(string archivePath, string destinationDirectory)
    {
        string root = Path.GetFullPath(destinationDirectory);
        Directory.CreateDirectory(root);
        string rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        var written = new List<string>();

        using var file = File.OpenRead(archivePath);
        try
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                string target = Path.GetFullPath(Path.Combine(root, entry.Name));
                if (!target.StartsWith(rootWithSeparator, StringComparison.Ordinal) && target != root)
                    throw new DataFormatException(archivePath, file.Position,
                        $"archive entry '{entry.Name}' would be extracted outside {root}; refusing to extract.");
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(target);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        entry.ExtractToFile(target, overwrite: true);
                        written.Add(target);
                        break;
                    default:
                        // Links, devices etc. are never part of the dataset archives; skipping them is safest.
                        break;
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            // The offset is into the compressed file (how far it had been read), the best locator available.
            throw new DataFormatException(archivePath, file.Position, $"corrupt or truncated .tar.gz archive: {e.Message}");
        }
        return written;
    }
}
