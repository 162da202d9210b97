using System.Formats.Tar;
using System.Text;

namespace NasLab.Controller.State;

/// <summary>
/// A <see cref="StrategyState"/> as one byte array: an uncompressed tar archive, built in memory,
/// holding <c>strategy.json</c> and <c>blobs/&lt;name&gt;</c> per blob. Tar because any tool can list
/// and extract it (<c>tar -x</c>) when someone inspects a stored checkpoint. The trial store keeps one
/// such array per checkpoint.
/// </summary>
public static class StrategyStateArchive
{
    public const string JsonEntry = "strategy.json";
    public const string BlobFolder = "blobs/";

    public static byte[] ToBytes(StrategyState state)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            Write(tar, JsonEntry, Encoding.UTF8.GetBytes(state.Json));
            foreach (var (name, bytes) in state.Blobs.OrderBy(b => b.Key, StringComparer.Ordinal))
            {
                if (name.Length == 0 || name.Contains('/') || name is "." or "..")
                    throw new ArgumentException($"Blob name '{name}' cannot be an archive entry name.");
                Write(tar, BlobFolder + name, bytes);
            }
        }
        return buffer.ToArray();
    }

    public static StrategyState FromBytes(byte[] archive)
    {
        string? json = null;
        var blobs = new Dictionary<string, byte[]>();
        using var buffer = new MemoryStream(archive, writable: false);
        using var tar = new TarReader(buffer);
        try
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                var bytes = Read(entry);
                if (entry.Name == JsonEntry) json = Encoding.UTF8.GetString(bytes);
                else if (entry.Name.StartsWith(BlobFolder, StringComparison.Ordinal)) blobs[entry.Name[BlobFolder.Length..]] = bytes;
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidDataException($"Saved strategy state is not a valid archive: {e.Message}", e);
        }
        return new StrategyState(json ?? throw new InvalidDataException($"Saved strategy state has no {JsonEntry}."), blobs);
    }

    private static void Write(TarWriter tar, string name, byte[] bytes)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes, writable: false) };
        tar.WriteEntry(entry);
    }

    private static byte[] Read(TarEntry entry)
    {
        if (entry.DataStream is null) return [];
        using var copy = new MemoryStream();
        entry.DataStream.CopyTo(copy);
        return copy.ToArray();
    }
}
