namespace NasLab.Evaluator.Tests;

public class DatasetCatalogTests
{
    [Fact]
    public void Missing_cifar10_lists_expected_files_where_and_how_to_get_them()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("data_batch_1.bin"), new byte[3073]);

        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetCatalog.Open("cifar10", dir.Path));

        foreach (var f in new[] { "data_batch_1.bin", "data_batch_5.bin", "test_batch.bin" })
            Assert.Contains(f, e.Message);
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains(Path.Combine(dir.Path, "cifar-10-batches-bin"), e.Message);
        Assert.Contains("cifar-10-binary.tar.gz", e.Message);
        Assert.Contains("3073", e.Message);
        Assert.Equal(5, e.MissingFiles.Count); // data_batch_2..5 and test_batch
        Assert.DoesNotContain(e.MissingFiles, f => f.EndsWith("data_batch_1.bin"));
    }

    [Fact]
    public void Missing_fashion_mnist_says_how_to_install_it()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<DatasetNotFoundException>(() => DatasetCatalog.Open("fashion-mnist", dir.Path));
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains("t10k-labels-idx1-ubyte", e.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
    }

    [Fact]
    public void Unknown_name_lists_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetCatalog.Open("imagenet", "/tmp"));
        Assert.Contains("cifar10, cifar100, fashion-mnist, mnist", e.Message);
    }

    [Fact]
    public void Cifar10_is_found_in_the_folder_its_archive_extracts_to_and_keeps_train_and_test_apart()
    {
        using var dir = new TempDirectory();
        DataFiles.WriteCifar10Directory(Path.Combine(dir.Path, "cifar-10-batches-bin"), perFile: 4, testCount: 3);

        var source = DatasetCatalog.Open("CIFAR-10", dir.Path);
        var train = source.LoadTrain();
        var test = source.LoadTest();

        Assert.Equal(Path.Combine(dir.Path, "cifar-10-batches-bin"), source.Directory);
        Assert.Equal(20, train.Count);
        Assert.Equal(DatasetPartition.Train, train.Partition);
        Assert.Equal(3, test.Count);
        Assert.Equal(DatasetPartition.Test, test.Partition);
        Assert.Equal("truck", train.ClassNames![9]);
        // Record 0 of data_batch_3 is image 8 of the generator, label (0 + 3) % 10.
        Assert.Equal(3, train.Label(8));
        Assert.Equal(DataFiles.Pixel(8, 0, 1, 1), train.Image(8)[33]);
    }

    [Fact]
    public void Mnist_layout_accepts_plain_and_gzip_files_mixed()
    {
        using var dir = new TempDirectory();
        byte[][] images = [[1, 2, 3, 4]];
        DataFiles.Write(dir.File("train-images-idx3-ubyte.gz"), DataFiles.IdxImages(images, 2, 2), gzip: true);
        DataFiles.Write(dir.File("train-labels-idx1-ubyte"), DataFiles.IdxLabels([5]), gzip: false);
        DataFiles.Write(dir.File("t10k-images-idx3-ubyte"), DataFiles.IdxImages(images, 2, 2), gzip: false);
        DataFiles.Write(dir.File("t10k-labels-idx1-ubyte.gz"), DataFiles.IdxLabels([6]), gzip: true);

        var source = DatasetCatalog.Open("mnist", dir.Path);

        Assert.Equal(5, source.LoadTrain().Label(0));
        Assert.Equal(6, source.LoadTest().Label(0));
        Assert.Equal("5", source.LoadTrain().ClassNames![5]);
    }
}
