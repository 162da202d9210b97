namespace NasLab.Evaluator.Tests;

public class CifarReaderTests
{
    [Fact]
    public void Cifar10_reads_exact_labels_and_channel_planar_pixels()
    {
        using var dir = new TempDirectory();
        string path = dir.File("data_batch_1.bin");
        DataFiles.WriteCifar10(path, [3, 0, 9]);

        var ds = Cifar10BinaryReader.ReadFile(path, DatasetPartition.Train);

        Assert.Equal(3, ds.Count);
        Assert.Equal((3, 32, 32), (ds.Channels, ds.Height, ds.Width));
        Assert.Equal([3, 0, 9], ds.Labels.ToArray());
        Assert.Equal(DatasetPartition.Train, ds.Partition);
        for (int i = 0; i < 3; i++)
            foreach (var (c, y, x) in new[] { (0, 0, 0), (1, 5, 17), (2, 31, 31), (0, 31, 0) })
                Assert.Equal(DataFiles.Pixel(i, c, y, x), ds.Image(i)[c * 1024 + y * 32 + x]);
    }

    [Fact]
    public void Cifar10_concatenates_files_in_order()
    {
        using var dir = new TempDirectory();
        DataFiles.WriteCifar10(dir.File("a.bin"), [1, 2], firstImage: 0);
        DataFiles.WriteCifar10(dir.File("b.bin"), [5], firstImage: 2);

        var ds = Cifar10BinaryReader.ReadFiles([dir.File("a.bin"), dir.File("b.bin")]);

        Assert.Equal([1, 2, 5], ds.Labels.ToArray());
        Assert.Equal(DataFiles.Pixel(2, 1, 3, 4), ds.Image(2)[1024 + 3 * 32 + 4]);
    }

    [Fact]
    public void Cifar10_truncated_file_names_file_and_offset_of_the_cut_record()
    {
        using var dir = new TempDirectory();
        string path = dir.File("data_batch_2.bin");
        DataFiles.WriteCifar10(path, [1, 2, 3]);
        using (var f = File.OpenWrite(path)) f.SetLength(3073 * 2 + 100);

        var e = Assert.Throws<DataFormatException>(() => Cifar10BinaryReader.ReadFile(path));

        Assert.Equal(path, e.FilePath);
        Assert.Equal(3073 * 2, e.Offset);
        Assert.Contains(path, e.Message);
        Assert.Contains("offset 6146", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Cifar10_label_out_of_range_names_the_label_byte_offset()
    {
        using var dir = new TempDirectory();
        string path = dir.File("test_batch.bin");
        DataFiles.WriteCifar10(path, [1, 10, 3]);

        var e = Assert.Throws<DataFormatException>(() => Cifar10BinaryReader.ReadFile(path));

        Assert.Equal(3073, e.Offset);
        Assert.Contains("label 10", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Cifar10_empty_file_is_rejected()
    {
        using var dir = new TempDirectory();
        string path = dir.File("data_batch_1.bin");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<DataFormatException>(() => Cifar10BinaryReader.ReadFile(path));
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void Cifar100_uses_fine_labels_by_default_and_coarse_on_request()
    {
        using var dir = new TempDirectory();
        string path = dir.File("train.bin");
        DataFiles.WriteCifar100(path, [(4, 72), (19, 99), (0, 0)]);

        var fine = Cifar100BinaryReader.ReadFile(path);
        var coarse = Cifar100BinaryReader.ReadFile(path, Cifar100LabelKind.Coarse);

        Assert.Equal([72, 99, 0], fine.Labels.ToArray());
        Assert.Equal(100, fine.ClassCount);
        Assert.Equal([4, 19, 0], coarse.Labels.ToArray());
        Assert.Equal(20, coarse.ClassCount);
        Assert.Equal(DataFiles.Pixel(1, 2, 30, 1), fine.Image(1)[2048 + 30 * 32 + 1]);
    }

    [Fact]
    public void Cifar100_corrupt_coarse_label_is_reported_even_when_fine_labels_are_used()
    {
        using var dir = new TempDirectory();
        string path = dir.File("test.bin");
        DataFiles.WriteCifar100(path, [(1, 1), (1, 1), (25, 3)]);

        var e = Assert.Throws<DataFormatException>(() => Cifar100BinaryReader.ReadFile(path));

        Assert.Equal(2 * 3074, e.Offset);
        Assert.Contains("label 25", e.Message);
    }

    [Fact]
    public void Cifar100_truncated_file_is_reported_at_the_last_record()
    {
        using var dir = new TempDirectory();
        string path = dir.File("train.bin");
        DataFiles.WriteCifar100(path, [(1, 1), (2, 2)]);
        using (var f = File.OpenWrite(path)) f.SetLength(3074 + 2);
        var e = Assert.Throws<DataFormatException>(() => Cifar100BinaryReader.ReadFile(path));
        Assert.Equal(3074, e.Offset);
    }
}
