using System.Text;

namespace NasLab.Torch.Nn;

/// <summary>
/// NasLab's weight file ("NLSTATE1"), simple enough to read from any language (bench/ reads it from
/// Python). Little-endian:
/// <code>
/// magic    8 bytes  "NLSTATE1"
/// count    uint32   number of entries
/// entry*   name_len uint32, name UTF-8, dtype uint8 (libtorch ScalarType code: 6 float32, 4 int64, ...),
///          ndim uint8, dims int64[ndim], nbytes uint64, data (row-major, contiguous)
/// </code>
/// </summary>
public static class StateFile
{
    private static readonly byte[] Magic = "NLSTATE1"u8.ToArray();

    public static void Save(string path, IEnumerable<(string Name, Tensor Tensor)> entries)
    {
        var list = entries.ToList();
        var tmp = path + ".tmp";
        using (var w = new BinaryWriter(File.Create(tmp), Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write((uint)list.Count);
            foreach (var (name, tensor) in list)
            {
                var nameBytes = Encoding.UTF8.GetBytes(name);
                w.Write((uint)nameBytes.Length);
                w.Write(nameBytes);
                var shape = tensor.Shape;
                w.Write((byte)tensor.DType);
                w.Write((byte)shape.Length);
                foreach (var d in shape) w.Write(d);
                var bytes = RawBytes(tensor);
                w.Write((ulong)bytes.Length);
                w.Write(bytes);
            }
        }
        // Write-then-rename: a crash mid-save never leaves a truncated weight file behind.
        File.Move(tmp, path, overwrite: true);
    }

    public static IReadOnlyList<(string Name, DType DType, long[] Shape, byte[] Data)> Read(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        var magic = r.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a NasLab state file (bad magic at offset 0).");
        var count = r.ReadUInt32();
        var result = new List<(string, DType, long[], byte[])>();
        for (int i = 0; i < count; i++)
        {
            try
            {
                var name = Encoding.UTF8.GetString(r.ReadBytes(checked((int)r.ReadUInt32())));
                var dtype = (DType)r.ReadByte();
                var shape = new long[r.ReadByte()];
                for (int d = 0; d < shape.Length; d++) shape[d] = r.ReadInt64();
                var n = checked((int)r.ReadUInt64());
                var data = r.ReadBytes(n);
                if (data.Length != n) throw new EndOfStreamException();
                result.Add((name, dtype, shape, data));
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"{path}: truncated at entry {i} (offset {r.BaseStream.Position}).");
            }
        }
        return result;
    }

    public static void Load(string path, IReadOnlyList<(string Name, Tensor Tensor)> targets, bool strict)
    {
        var entries = Read(path).ToDictionary(e => e.Name);
        if (strict)
        {
            var missing = targets.Select(t => t.Name).Where(n => !entries.ContainsKey(n)).ToList();
            var unexpected = entries.Keys.Except(targets.Select(t => t.Name)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new InvalidDataException($"{path}: state does not match the module. Missing: [{string.Join(", ", missing)}]; unexpected: [{string.Join(", ", unexpected)}].");
        }
        foreach (var (name, tensor) in targets)
        {
            if (!entries.TryGetValue(name, out var e)) continue;
            var shape = tensor.Shape;
            if (!shape.SequenceEqual(e.Shape) || tensor.DType != e.DType)
                throw new InvalidDataException($"{path}: entry '{name}' is {e.DType}[{string.Join(", ", e.Shape)}] but the module expects {tensor.DType}[{string.Join(", ", shape)}].");
            CopyRaw(tensor, e.Data);
        }
    }

    private static byte[] RawBytes(Tensor t)
    {
        var bytes = new byte[t.NumElements * t.DType.ElementSize()];
        t.CopyBytesTo(bytes);
        return bytes;
    }

    private static void CopyRaw(Tensor t, byte[] data) => t.CopyBytesFrom(data);
}
