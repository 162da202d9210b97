namespace NasLab.Evaluator;

/// <summary>Which CIFAR-100 label to use as the class: 20 superclasses or 100 classes.</summary>
public enum Cifar100LabelKind
{
    Fine,
    Coarse,
}

/// <summary>
/// Reads the CIFAR-100 binary version (train.bin, test.bin): 3074-byte records of a coarse label
/// byte (0-19), a fine label byte (0-99) and 3072 channel-planar RGB pixel bytes.
/// </summary>
public static class Cifar100BinaryReader
{
    public const int FineClassCount = 100;
    public const int CoarseClassCount = 20;
    public const int RecordSize = 2 + CifarRecordFile.PixelBytes;

    public static ImageDataset ReadFile(string path, Cifar100LabelKind labels = Cifar100LabelKind.Fine,
        DatasetPartition partition = DatasetPartition.Unspecified, IReadOnlyList<string>? classNames = null)
    {
        bool fine = labels == Cifar100LabelKind.Fine;
        int classCount = fine ? FineClassCount : CoarseClassCount;
        var (pixels, labelArray) = CifarRecordFile.Read(path, labelBytes: 2, labelByteIndex: fine ? 1 : 0, FineClassCount);
        return new ImageDataset(pixels, labelArray, CifarRecordFile.Channels, CifarRecordFile.Height, CifarRecordFile.Width,
            classCount, classNames, $"CIFAR-100 {Path.GetFileName(path)} ({labels.ToString().ToLowerInvariant()} labels) in {Path.GetDirectoryName(Path.GetFullPath(path))}",
            partition);
    }
}
