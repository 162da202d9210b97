using System.Formats.Tar;
using NasLab.Controller.State;
using NasLab.Controller.Strategies;

namespace NasLab.Cli.Search;

/// <summary>
/// A strategy saves its state as a directory (JSON plus weight files); the trial store keeps one blob
/// per checkpoint. The blob is that directory as an uncompressed tar archive.
/// </summary>
public static class StrategyCheckpointCodec
{
    public static byte[] Save(ISearchStrategy strategy)
    {
        var dir = Directory.CreateTempSubdirectory("naslab-strategy-");
        try
        {
            strategy.SaveState(dir.FullName);
            using var buffer = new MemoryStream();
            TarFile.CreateFromDirectory(dir.FullName, buffer, includeBaseDirectory: false);
            return buffer.ToArray();
        }
        finally { dir.Delete(recursive: true); }
    }

    public static void Load(ISearchStrategy strategy, byte[] blob)
    {
        var dir = Directory.CreateTempSubdirectory("naslab-strategy-");
        try
        {
            using (var buffer = new MemoryStream(blob))
                TarFile.ExtractToDirectory(buffer, dir.FullName, overwriteFiles: true);
            strategy.LoadState(dir.FullName);
        }
        finally { dir.Delete(recursive: true); }
    }
}
