using System.Text;
using NasLab.Cli.Commands;

namespace NasLab.Cli.Export;

/// <summary>
/// Walks the structure of a TorchSharp <c>module.save</c> file without loading it: a LEB128 entry count, then per
/// entry a length-prefixed UTF-8 name, the LEB128 dtype code, rank and dims, and the tensor's raw bytes. TorchSharp
/// trusts these numbers, so a damaged file can make it allocate a 2 GiB name or a tensor of 2^80 elements before
/// anything notices; checking every length against the bytes actually left turns that into a clear user error.
/// </summary>
public static class TorchSharpWeightFile
{
    /// <summary>libtorch's limit on tensor rank.</summary>
    private const int MaxRank = 64;

    /// <exception cref="UserErrorException">The file is cut short, has trailing bytes, or a length, dtype or shape that cannot be right.</exception>
    public static void Check(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var entry = 0;
        string? name = null;
        try
        {
            var count = Leb128(reader);
            // Each entry takes at least 4 bytes (name length, dtype, rank, one byte of name or data).
            if (count < 0 || count > Remaining(stream) / 4)
                throw Damaged(path, $"the file ends early or its header is damaged: it claims {count} tensors, more than its {stream.Length} bytes can hold");
            for (entry = 1; entry <= count; entry++)
            {
                name = null;
                var nameLength = reader.Read7BitEncodedInt();
                if (nameLength < 0 || nameLength > Remaining(stream))
                    throw Damaged(path, $"the file ends early: the name of entry {entry} needs {nameLength} bytes, only {Remaining(stream)} remain");
                name = Encoding.UTF8.GetString(reader.ReadBytes(nameLength));
                var dtype = Leb128(reader);
                var elementSize = ElementSize(dtype) ?? throw Damaged(path, $"'{name}' (entry {entry}) has dtype code {dtype}, which is not a TorchSharp tensor type");
                var rank = Leb128(reader);
                if (rank is < 0 or > MaxRank)
                    throw Damaged(path, $"'{name}' (entry {entry}) claims {rank} dimensions; allowed: 0 to {MaxRank}");
                var dims = new long[rank];
                var bytes = elementSize;
                var overflow = false;
                for (int i = 0; i < rank; i++)
                {
                    dims[i] = Leb128(reader);
                    if (dims[i] < 0) throw Damaged(path, $"'{name}' (entry {entry}) has a negative dimension {dims[i]}");
                    try { bytes = checked(bytes * dims[i]); } catch (OverflowException) { overflow = true; }
                }
                if (overflow || bytes > Remaining(stream))
                    throw Damaged(path, $"the file ends early: '{name}' (entry {entry}) has shape [{string.Join(", ", dims)}], " +
                                        $"{(overflow ? "more than 2^63" : bytes.ToString())} bytes of data, but only {Remaining(stream)} bytes remain");
                stream.Seek(bytes, SeekOrigin.Current);
            }
        }
        catch (EndOfStreamException)
        {
            throw Damaged(path, entry == 0 ? "the file ends early, before its tensor count"
                : $"the file ends early, in the header of {(name is null ? "" : $"'{name}' ")}(entry {entry})");
        }
        catch (FormatException e)
        {
            throw Damaged(path, $"entry {entry}: {e.Message}");
        }
        if (Remaining(stream) > 0)
            throw Damaged(path, $"{Remaining(stream)} byte(s) after the last tensor; the file is not one module.save output");
    }

    private static long Remaining(Stream s) => s.Length - s.Position;

    /// <summary>Unsigned LEB128 as TorchSharp writes it (<c>BinaryWriter.Encode</c>); at most 10 bytes for a 64-bit value.</summary>
    private static long Leb128(BinaryReader reader)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            var b = reader.ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value > long.MaxValue ? -1 : (long)value;
        }
        throw new FormatException("a number is longer than 10 bytes");
    }

    /// <summary>Bytes per element of TorchSharp's ScalarType codes; null for codes no saved tensor has.</summary>
    private static long? ElementSize(long dtype) => dtype switch
    {
        0 or 1 or 11 => 1,          // Byte, Int8, Bool
        2 or 5 or 15 => 2,          // Int16, Float16, BFloat16
        3 or 6 or 8 => 4,           // Int32, Float32, ComplexFloat16
        4 or 7 or 9 => 8,           // Int64, Float64, ComplexFloat32
        10 => 16,                   // ComplexFloat64
        _ => null,
    };

    private static UserErrorException Damaged(string path, string detail) =>
        new($"--weights: '{path}' is not an intact TorchSharp weight file (as naslab train or module.save writes it): {detail}");
}
