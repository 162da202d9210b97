namespace NasLab.Evaluator.Tests;

public class IdxReaderTests
{
    private static readonly byte[][] Images =
    [
        [0, 1, 2, 3, 4, 5],
        [10, 20, 30, 40, 50, 255],
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_images_and_labels_plain_or_gzip(bool gzip)
    {
        using var dir = new TempDirectory();
        string images = dir.File("train-images-idx3-ubyte" + (gzip ? ".gz" : ""));
        string labels = dir.File("train-labels-idx1-ubyte" + (gzip ? ".gz" : ""));
        // 2 rows x 3 columns, so a rows/columns mix-up would show.
        DataFiles.Write(images, DataFiles.IdxImages(Images, rows: 2, cols: 3), gzip);
        DataFiles.Write(labels, DataFiles.IdxLabels([7, 2]), gzip);

        var ds = IdxReader.ReadDataset(images, labels, 10, null, "test", DatasetPartition.Train);

        Assert.Equal((2, 1, 2, 3), (ds.Count, ds.Channels, ds.Height, ds.Width));
        Assert.Equal([7, 2], ds.Labels.ToArray());
        Assert.Equal(Images[0], ds.Image(0).ToArray());
        Assert.Equal(Images[1], ds.Image(1).ToArray());
    }

    [Fact]
    public void Gzip_is_detected_from_content_not_name()
    {
        using var dir = new TempDirectory();
        string path = dir.File("images-without-extension");
        DataFiles.Write(path, DataFiles.IdxImages(Images, 2, 3), gzip: true);
        Assert.Equal(2, IdxReader.ReadImages(path).Count);
    }

    [Fact]
    public void Wrong_magic_names_file_offset_zero_and_the_expected_magic()
    {
        using var dir = new TempDirectory();
        string path = dir.File("train-images-idx3-ubyte");
        // A labels file where an images file is expected.
        DataFiles.Write(path, DataFiles.IdxLabels([1, 2]), gzip: false);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));

        Assert.Equal(path, e.FilePath);
        Assert.Equal(0, e.Offset);
        Assert.Contains("2049", e.Message);
        Assert.Contains("2051", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_images_report_where_the_content_ends(bool gzip)
    {
        using var dir = new TempDirectory();
        string path = dir.File("t10k-images-idx3-ubyte");
        var content = DataFiles.IdxImages(Images, 2, 3);
        DataFiles.Write(path, content[..^4], gzip);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadImages(path));

        Assert.Equal(content.Length - 4, e.Offset);
        Assert.Contains("truncated", e.Message);
        if (gzip) Assert.Contains("decompressed", e.Message);
    }

    [Fact]
    public void Truncated_gzip_stream_is_reported()
    {
        using var dir = new TempDirectory();
        string path = dir.File("train-labels-idx1-ubyte.gz");
        DataFiles.Write(path, DataFiles.IdxLabels(Enumerable.Range(0, 5000).Select(i => (byte)(i % 10)).ToArray()), gzip: true);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(path, 10));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Label_out_of_range_is_reported_at_its_byte()
    {
        using var dir = new TempDirectory();
        string path = dir.File("labels");
        DataFiles.Write(path, DataFiles.IdxLabels([1, 2, 12]), gzip: false);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadLabels(path, 10));

        Assert.Equal(8 + 2, e.Offset);
        Assert.Contains("label 12", e.Message);
    }

    [Fact]
    public void Label_count_must_match_image_count()
    {
        using var dir = new TempDirectory();
        DataFiles.Write(dir.File("i"), DataFiles.IdxImages(Images, 2, 3), false);
        DataFiles.Write(dir.File("l"), DataFiles.IdxLabels([1, 2, 3]), false);

        var e = Assert.Throws<DataFormatException>(() => IdxReader.ReadDataset(dir.File("i"), dir.File("l"), 10, null, "x", DatasetPartition.Train));
        Assert.Equal(4, e.Offset);
        Assert.Contains("does not match", e.Message);
    }
}
