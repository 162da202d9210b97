using System.Buffers.Binary;
using System.IO.Compression;

namespace NasLab.Evaluator;

/// <summary>
/// Reads the IDX files of MNIST and Fashion-MNIST, gzip-compressed or plain (detected from the
/// gzip magic bytes, not the file name). Images: magic 2051, then big-endian count, rows, cols,
/// then count*rows*cols bytes. Labels: magic 2049, then big-endian count, then count bytes.
/// Offsets in error messages are into the decompressed content (the message says when it was gzip).
/// </summary>
public static class IdxReader
{
    public const int ImagesMagic = 2051;
    public const int LabelsMagic = 2049;

    public readonly record struct IdxImages(byte[] Pixels, int Count, int Rows, int Columns);

    public static IdxImages ReadImages(string path)
    {
        var (data, where) = ReadContent(path);
        RequireMagic(path, where, data, ImagesMagic, "images (idx3-ubyte)");
        RequireLength(path, where, data, 16, "image header (magic, count, rows, cols)");
        int count = ReadDim(path, where, data, 4, "image count");
        int rows = ReadDim(path, where, data, 8, "row count");
        int cols = ReadDim(path, where, data, 12, "column count");
        long expected = 16 + (long)count * rows * cols;
        RequirePayload(path, where, data, expected, $"{count} images of {rows}x{cols}");
        return new IdxImages(data.AsSpan(16, (int)(expected - 16)).ToArray(), count, rows, cols);
    }

    public static int[] ReadLabels(string path, int classCount)
    {
        var (data, where) = ReadContent(path);
        RequireMagic(path, where, data, LabelsMagic, "labels (idx1-ubyte)");
        RequireLength(path, where, data, 8, "label header (magic, count)");
        int count = ReadDim(path, where, data, 4, "label count");
        RequirePayload(path, where, data, 8L + count, $"{count} labels");
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int value = data[8 + i];
            if (value >= classCount)
                throw new DataFormatException(path, 8 + i, $"{where}label {value} of item {i} is out of range [0, {classCount}).");
            labels[i] = value;
        }
        return labels;
    }

    /// <summary>Reads an images file and its labels file into a single-channel dataset.</summary>
    public static ImageDataset ReadDataset(string imagesPath, string labelsPath, int classCount,
        IReadOnlyList<string>? classNames, string source, DatasetPartition partition)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath, classCount);
        if (labels.Length != images.Count)
            throw new DataFormatException(labelsPath, 4,
                $"label count {labels.Length} does not match the image count {images.Count} of {imagesPath}.");
        return new ImageDataset(images.Pixels, labels, 1, images.Rows, images.Columns, classCount, classNames, source, partition);
    }

    private static (byte[] Data, string Where) ReadContent(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Dataset file not found: {path}", path);
        byte[] raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B) return (raw, "");

        using var output = new MemoryStream(raw.Length * 4);
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            gzip.CopyTo(output);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, output.Length, $"(decompressed offset) corrupt gzip stream: {e.Message}");
        }
        return (output.ToArray(), "(decompressed offset) ");
    }

    private static void RequireLength(string path, string where, byte[] data, long needed, string what)
    {
        if (data.Length < needed)
            throw new DataFormatException(path, data.Length, $"{where}truncated {what}: file ends after {data.Length} bytes, need {needed}.");
    }

    private static void RequireMagic(string path, string where, byte[] data, int magic, string kind)
    {
        RequireLength(path, where, data, 4, "magic number");
        int actual = BinaryPrimitives.ReadInt32BigEndian(data);
        if (actual != magic)
            throw new DataFormatException(path, 0,
                $"{where}wrong magic number {actual} (0x{actual:X8}); an IDX {kind} file starts with {magic} (0x{magic:X8}).");
    }

    private static int ReadDim(string path, string where, byte[] data, int offset, string what)
    {
        int value = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset));
        if (value <= 0)
            throw new DataFormatException(path, offset, $"{where}{what} {value} is not positive.");
        return value;
    }

    private static void RequirePayload(string path, string where, byte[] data, long expected, string what)
    {
        if (data.Length < expected)
            throw new DataFormatException(path, data.Length, $"{where}truncated: header promises {what} ({expected} bytes in all), but the content ends after {data.Length} bytes.");
        if (data.Length > expected)
            throw new DataFormatException(path, expected, $"{where}{data.Length - expected} unexpected trailing bytes after {what}.");
    }
}
