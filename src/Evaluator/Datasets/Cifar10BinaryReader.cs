namespace NasLab.Evaluator;

/// <summary>
/// Reads the CIFAR-10 binary version (data_batch_1..5.bin, test_batch.bin): 3073-byte records of
/// 1 label byte (0-9) and 3072 channel-planar RGB pixel bytes. The record count is taken from the
/// file length, so subsets and the full 10000-record files both work.
/// </summary>
public static class Cifar10BinaryReader
{
    public const int ClassCount = 10;
    public const int RecordSize = 1 + CifarRecordFile.PixelBytes;

    public static ImageDataset ReadFile(string path, DatasetPartition partition = DatasetPartition.Unspecified,
        IReadOnlyList<string>? classNames = null)
        => ReadFiles([path], partition, classNames);

    /// <summary>Reads and concatenates several batch files, in the given order.</summary>
    public static ImageDataset ReadFiles(IReadOnlyList<string> paths, DatasetPartition partition = DatasetPartition.Unspecified,
        IReadOnlyList<string>? classNames = null)
    {
        if (paths.Count == 0) throw new ArgumentException("No CIFAR-10 files given.", nameof(paths));
        var parts = new List<ImageDataset>(paths.Count);
        foreach (var path in paths)
        {
            var (pixels, labels) = CifarRecordFile.Read(path, labelBytes: 1, labelByteIndex: 0, ClassCount);
            parts.Add(new ImageDataset(pixels, labels, CifarRecordFile.Channels, CifarRecordFile.Height, CifarRecordFile.Width,
                ClassCount, classNames, $"CIFAR-10 {Path.GetFileName(path)}", partition));
        }
        if (parts.Count == 1) return parts[0];
        string dir = Path.GetDirectoryName(Path.GetFullPath(paths[0])) ?? ".";
        return ImageDataset.Concatenate(parts,
            $"CIFAR-10 {partition.ToString().ToLowerInvariant()} ({string.Join(", ", paths.Select(Path.GetFileName))}) in {dir}");
    }
}
