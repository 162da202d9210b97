using System.Buffers.Binary;
using System.IO.Compression;

namespace NasLab.Evaluator.Tests;

/// <summary>Writes dataset files with known content in the official binary layouts.</summary>
public static class DataFiles
{
    /// <summary>Pixel value of (image, channel, y, x) in generated CIFAR files: distinct enough to catch any reordering.</summary>
    public static byte Pixel(int image, int c, int y, int x) => (byte)(image * 31 + c * 101 + y * 7 + x * 3);

    public static byte[] CifarRecord(int image, params byte[] labelBytes)
    {
        var record = new byte[labelBytes.Length + 3072];
        labelBytes.CopyTo(record, 0);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++)
                    record[labelBytes.Length + c * 1024 + y * 32 + x] = Pixel(image, c, y, x);
        return record;
    }

    /// <summary>CIFAR-10 file whose record i has label labels[i] and pixels Pixel(firstImage + i, ...).</summary>
    public static void WriteCifar10(string path, int[] labels, int firstImage = 0)
    {
        using var f = File.Create(path);
        for (int i = 0; i < labels.Length; i++) f.Write(CifarRecord(firstImage + i, (byte)labels[i]));
    }

    public static void WriteCifar100(string path, (int Coarse, int Fine)[] labels)
    {
        using var f = File.Create(path);
        for (int i = 0; i < labels.Length; i++) f.Write(CifarRecord(i, (byte)labels[i].Coarse, (byte)labels[i].Fine));
    }

    public static byte[] IdxImages(byte[][] images, int rows, int cols)
    {
        var data = new byte[16 + images.Length * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(data, 2051);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), images.Length);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(12), cols);
        for (int i = 0; i < images.Length; i++) images[i].CopyTo(data, 16 + i * rows * cols);
        return data;
    }

    public static byte[] IdxLabels(byte[] labels)
    {
        var data = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(data, 2049);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), labels.Length);
        labels.CopyTo(data, 8);
        return data;
    }

    public static void Write(string path, byte[] content, bool gzip)
    {
        if (!gzip) { File.WriteAllBytes(path, content); return; }
        using var f = File.Create(path);
        using var z = new GZipStream(f, CompressionLevel.Fastest);
        z.Write(content);
    }

    /// <summary>A complete fake CIFAR-10 directory: 5 training files of <paramref name="perFile"/> records, a test file, class names.</summary>
    public static void WriteCifar10Directory(string dir, int perFile, int testCount)
    {
        Directory.CreateDirectory(dir);
        for (int b = 1; b <= 5; b++)
            WriteCifar10(Path.Combine(dir, $"data_batch_{b}.bin"), Enumerable.Range(0, perFile).Select(i => (i + b) % 10).ToArray(), firstImage: (b - 1) * perFile);
        WriteCifar10(Path.Combine(dir, "test_batch.bin"), Enumerable.Range(0, testCount).Select(i => i % 10).ToArray(), firstImage: 1000);
        File.WriteAllLines(Path.Combine(dir, "batches.meta.txt"), ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck", ""]);
    }

    /// <summary>An in-memory dataset; image i of class labels[i] has every pixel equal to pixel(i, c, y, x).</summary>
    public static ImageDataset InMemory(int[] labels, int channels, int height, int width, int classCount,
        Func<int, int, int, int, byte> pixel, DatasetPartition partition = DatasetPartition.Unspecified)
    {
        int size = channels * height * width;
        var pixels = new byte[labels.Length * size];
        for (int i = 0; i < labels.Length; i++)
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                        pixels[i * size + (c * height + y) * width + x] = pixel(i, c, y, x);
        return new ImageDataset(pixels, labels, channels, height, width, classCount, null, "synthetic", partition);
    }
}
