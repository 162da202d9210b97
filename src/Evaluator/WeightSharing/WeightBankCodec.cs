using System.Text;
using static TorchSharp.torch;

namespace NasLab.Evaluator.WeightSharing;

/// <summary>
/// A <see cref="WeightBank"/> as bytes, for checkpoints: per role (in name order) its name, shape, and the float32
/// values of the weights and of their momentum, little-endian. Exact: a restored bank continues bit for bit.
/// </summary>
public static class WeightBankCodec
{
    private const uint Magic = 0x4B4E4257; // "WBNK"
    private const int Version = 1;

    public static byte[] ToBytes(WeightBank bank)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            var roles = bank.Roles.Order(StringComparer.Ordinal).ToList();
            w.Write(roles.Count);
            foreach (var role in roles)
            {
                var value = bank.Value(role)!;
                w.Write(role);
                w.Write(value.dim());
                foreach (var size in value.shape) w.Write(size);
                WriteFloats(w, value);
                WriteFloats(w, bank.Momentum(role)!);
            }
        }
        return buffer.ToArray();
    }

    public static void Restore(WeightBank bank, byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        if (r.ReadUInt32() != Magic) throw new InvalidDataException("not a supernet weight bank");
        if (r.ReadInt32() is var version && version != Version) throw new InvalidDataException($"supernet weight bank format {version} is not supported (expected {Version})");
        var count = r.ReadInt32();
        var entries = new Dictionary<string, (Tensor Value, Tensor Momentum)>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var role = r.ReadString();
                var rank = r.ReadInt64();
                if (rank is < 0 or > 8) throw new InvalidDataException($"supernet weight bank: role {role} has rank {rank}");
                var shape = new long[rank];
                for (var d = 0; d < shape.Length; d++) shape[d] = r.ReadInt64();
                entries[role] = (ReadFloats(r, shape), ReadFloats(r, shape));
            }
            bank.Restore(entries);
        }
        finally
        {
            foreach (var (value, momentum) in entries.Values) { value.Dispose(); momentum.Dispose(); }
        }
    }

    private static void WriteFloats(BinaryWriter w, Tensor t)
    {
        var values = t.contiguous().data<float>().ToArray();
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        w.Write(bytes);
    }

    private static Tensor ReadFloats(BinaryReader r, long[] shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var bytes = r.ReadBytes(checked((int)(count * sizeof(float))));
        if (bytes.Length != count * sizeof(float)) throw new InvalidDataException("supernet weight bank is truncated");
        var values = new float[count];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return tensor(values, shape);
    }
}
