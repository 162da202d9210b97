using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;

namespace NasLab.Evaluator.Tests;

public class CifarDownloaderTests
{
    /// <summary>A network stack that never touches the network.</summary>
    private sealed class FakeHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        public int Requests;
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Interlocked.Increment(ref Requests);
            return respond(request, ct);
        }
    }

    /// <summary>Packs a directory tree into a .tar.gz with entry names relative to <paramref name="root"/>.</summary>
    private static byte[] TarGz(string root, IEnumerable<(string EntryName, string? FilePath)> entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (name, path) in entries)
            {
                if (path is null) { tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name)); continue; }
                tar.WriteEntry(path, name);
            }
        }
        return buffer.ToArray();
    }

    private static byte[] FakeCifarArchive(string scratch)
    {
        string folder = Path.Combine(scratch, "cifar-10-batches-bin");
        DataFiles.WriteCifar10Directory(folder, perFile: 3, testCount: 2);
        var entries = new List<(string, string?)> { ("cifar-10-batches-bin/", null) };
        entries.AddRange(Directory.GetFiles(folder).Select(f => ("cifar-10-batches-bin/" + Path.GetFileName(f), (string?)f)));
        return TarGz(scratch, entries);
    }

    [Fact]
    public async Task Offline_fails_fast_with_where_and_what_to_put()
    {
        using var dir = new TempDirectory();
        var handler = new FakeHandler((_, _) => throw new HttpRequestException("Name or service not known"));
        using var downloader = new CifarDownloader(handler);
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<DatasetNotFoundException>(() => downloader.EnsureCifar10Async(dir.Path));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
        Assert.Contains("offline", e.Message);
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("data_batch_1.bin", e.Message);
        Assert.Contains("test_batch.bin", e.Message);
        Assert.Contains("3073 bytes", e.Message);
        Assert.Contains(CifarDownloader.Cifar10Url, e.Message);
        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.False(File.Exists(Path.Combine(dir.Path, "cifar-10-binary.tar.gz.part")));
    }

    [Fact]
    public async Task An_unresponsive_host_times_out_quickly()
    {
        using var dir = new TempDirectory();
        var handler = new FakeHandler(async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return new HttpResponseMessage(); });
        using var downloader = new CifarDownloader(handler, responseTimeout: TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<DatasetNotFoundException>(() => downloader.EnsureCifar10Async(dir.Path));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Contains("data_batch_1.bin", e.Message);
    }

    [Fact]
    public async Task Downloaded_archive_is_extracted_and_readable()
    {
        using var scratch = new TempDirectory();
        using var target = new TempDirectory();
        byte[] archive = FakeCifarArchive(scratch.Path);
        var handler = new FakeHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(archive) }));
        using var downloader = new CifarDownloader(handler);

        string dir = await downloader.EnsureCifar10Async(target.Path);

        Assert.Equal(Path.Combine(target.Path, "cifar-10-batches-bin"), dir);
        var train = DatasetCatalog.Open("cifar10", target.Path).LoadTrain();
        Assert.Equal(15, train.Count);
        Assert.Equal(DataFiles.Pixel(4, 2, 31, 0), train.Image(4)[2048 + 31 * 32]);

        // Second call: files are there, no request.
        Assert.Equal(dir, await downloader.EnsureCifar10Async(target.Path));
        Assert.Equal(1, handler.Requests);
    }

    [Fact]
    public async Task An_archive_already_in_place_is_extracted_without_network()
    {
        using var scratch = new TempDirectory();
        using var target = new TempDirectory();
        File.WriteAllBytes(Path.Combine(target.Path, CifarDownloader.Cifar10ArchiveName), FakeCifarArchive(scratch.Path));
        var handler = new FakeHandler((_, _) => throw new HttpRequestException("offline"));
        using var downloader = new CifarDownloader(handler);

        await downloader.EnsureCifar10Async(target.Path);

        Assert.Equal(0, handler.Requests);
    }

    [Fact]
    public void Extractor_refuses_entries_outside_the_destination()
    {
        using var scratch = new TempDirectory();
        File.WriteAllText(scratch.File("evil.txt"), "x");
        string archive = scratch.File("evil.tar.gz");
        File.WriteAllBytes(archive, TarGz(scratch.Path, [("../evil.txt", scratch.File("evil.txt"))]));
        using var target = new TempDirectory();

        var e = Assert.Throws<DataFormatException>(() => TarGzExtractor.Extract(archive, target.Path));
        Assert.Contains("outside", e.Message);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(target.Path)!, "evil.txt")));
    }

    [Fact]
    public void Truncated_archive_names_the_file()
    {
        using var scratch = new TempDirectory();
        string archive = scratch.File("cut.tar.gz");
        var bytes = FakeCifarArchive(scratch.Path);
        File.WriteAllBytes(archive, bytes[..(bytes.Length / 2)]);
        using var target = new TempDirectory();

        var e = Assert.Throws<DataFormatException>(() => TarGzExtractor.Extract(archive, target.Path));
        Assert.Equal(archive, e.FilePath);
    }
}
