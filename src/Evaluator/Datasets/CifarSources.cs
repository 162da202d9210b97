namespace NasLab.Evaluator;

/// <summary>CIFAR-10 binary version: data_batch_1..5.bin (train), test_batch.bin (test), batches.meta.txt (names).</summary>
internal sealed class Cifar10Source(string directory) : DatasetSource
{
    public static readonly DatasetLayout Layout = new("cifar10", "CIFAR-10 (binary version)", "cifar-10-batches-bin",
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"],
        "Get the binary version (not the python or matlab one): download " + CifarDownloader.Cifar10Url +
        " and extract it with `tar xzf cifar-10-binary.tar.gz -C DIR` (it creates DIR/cifar-10-batches-bin/), " +
        "or call CifarDownloader.EnsureCifar10Async(DIR) on a machine with network access. " +
        "Each file is a sequence of 3073-byte records: 1 label byte (0-9), then 1024 red, 1024 green, 1024 blue bytes (32x32 row-major).");

    public override string Name => "cifar10";
    public override string Directory { get; } = Layout.Locate(directory);

    private IReadOnlyList<string>? ClassNames => ClassNamesFile.TryRead(Path.Combine(Directory, "batches.meta.txt"), Cifar10BinaryReader.ClassCount);

    public override ImageDataset LoadTrain() =>
        Cifar10BinaryReader.ReadFiles(Layout.RequiredFiles.Take(5).Select(f => Path.Combine(Directory, f)).ToList(), DatasetPartition.Train, ClassNames);

    public override ImageDataset LoadTest() =>
        Cifar10BinaryReader.ReadFiles([Path.Combine(Directory, "test_batch.bin")], DatasetPartition.Test, ClassNames);
}

/// <summary>CIFAR-100 binary version: train.bin, test.bin, fine_label_names.txt / coarse_label_names.txt (names).</summary>
internal sealed class Cifar100Source(string directory, Cifar100LabelKind labels) : DatasetSource
{
    public static readonly DatasetLayout Layout = new("cifar100", "CIFAR-100 (binary version)", "cifar-100-binary",
        ["train.bin", "test.bin"],
        "Get the binary version: download https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz and extract it with " +
        "`tar xzf cifar-100-binary.tar.gz -C DIR` (it creates DIR/cifar-100-binary/). " +
        "Each file is a sequence of 3074-byte records: coarse label byte (0-19), fine label byte (0-99), then 3072 RGB planar pixel bytes.");

    public override string Name => "cifar100";
    public override string Directory { get; } = Layout.Locate(directory);

    private IReadOnlyList<string>? ClassNames => labels == Cifar100LabelKind.Fine
        ? ClassNamesFile.TryRead(Path.Combine(Directory, "fine_label_names.txt"), Cifar100BinaryReader.FineClassCount)
        : ClassNamesFile.TryRead(Path.Combine(Directory, "coarse_label_names.txt"), Cifar100BinaryReader.CoarseClassCount);

    public override ImageDataset LoadTrain() =>
        Cifar100BinaryReader.ReadFile(Path.Combine(Directory, "train.bin"), labels, DatasetPartition.Train, ClassNames);

    public override ImageDataset LoadTest() =>
        Cifar100BinaryReader.ReadFile(Path.Combine(Directory, "test.bin"), labels, DatasetPartition.Test, ClassNames);
}
