namespace NasLab.Evaluator;

/// <summary>
/// The record layout shared by the CIFAR-10 and CIFAR-100 binary versions: per record, some label
/// bytes followed by 3072 pixel bytes (1024 R, 1024 G, 1024 B, each row-major 32x32), which is
/// already channel-planar, so pixels are copied without reordering.
/// </summary>
internal static class CifarRecordFile
{
    public const int Channels = 3, Height = 32, Width = 32;
    public const int PixelBytes = Channels * Height * Width;

    /// <param name="labelBytes">1 for CIFAR-10, 2 for CIFAR-100 (coarse, fine).</param>
    /// <param name="labelByteIndex">Which of the label bytes to use as the class.</param>
    public static (byte[] Pixels, int[] Labels) Read(string path, int labelBytes, int labelByteIndex, int classCount)
    {
        int recordSize = labelBytes + PixelBytes;
        byte[] data = ReadAll(path);
        if (data.Length == 0)
            throw new DataFormatException(path, 0, $"file is empty; expected records of {recordSize} bytes.");
        if (data.Length % recordSize != 0)
        {
            // The record count always comes from the file size; a remainder means the last record was cut.
            long lastStart = data.Length / recordSize * (long)recordSize;
            throw new DataFormatException(path, lastStart,
                $"truncated record: file length {data.Length} is not a multiple of the {recordSize}-byte record size " +
                $"(last record has {data.Length - lastStart} of {recordSize} bytes).");
        }

        int count = data.Length / recordSize;
        var pixels = new byte[(long)count * PixelBytes];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            long recordStart = (long)i * recordSize;
            for (int b = 0; b < labelBytes; b++)
            {
                // Every label byte is range-checked (not only the one used) so a corrupt coarse label is not silently ignored.
                int limit = labelBytes == 2 && b == 0 ? Cifar100BinaryReader.CoarseClassCount : classCount;
                int value = data[recordStart + b];
                if (value >= limit)
                    throw new DataFormatException(path, recordStart + b,
                        $"label {value} of record {i} is out of range [0, {limit}) — is this really a {(labelBytes == 1 ? "CIFAR-10" : "CIFAR-100")} binary file?");
            }
            labels[i] = data[recordStart + labelByteIndex];
            data.AsSpan((int)recordStart + labelBytes, PixelBytes).CopyTo(pixels.AsSpan((int)((long)i * PixelBytes), PixelBytes));
        }
        return (pixels, labels);
    }

    private static byte[] ReadAll(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Dataset file not found: {path}", path);
        return File.ReadAllBytes(path);
    }
}
