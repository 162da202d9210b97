using System.Net.Sockets;

namespace NasLab.Evaluator;

/// <summary>
/// Backs the fetch command: makes sure the CIFAR-10 binary files are in a directory, downloading and
/// extracting the official archive when the machine is online. Offline (any network failure, detected
/// quickly through a short connect/response timeout) it throws a <see cref="DatasetNotFoundException"/>
/// saying exactly where to put which files.
/// </summary>
public sealed class CifarDownloader : IDisposable
{
    public const string Cifar10Url = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    public const string Cifar10ArchiveName = "cifar-10-binary.tar.gz";
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly TimeSpan _responseTimeout;
    private readonly Uri _url;

    /// <param name="handler">Override the network stack (tests pass a fake handler; no real requests are made).</param>
    /// <param name="responseTimeout">Time allowed to connect and receive response headers; the body itself may take longer.</param>
    /// <param name="url">Archive location; defaults to the official CIFAR-10 binary archive.</param>
    public CifarDownloader(HttpMessageHandler? handler = null, TimeSpan? responseTimeout = null, string? url = null)
    {
        _responseTimeout = responseTimeout ?? DefaultResponseTimeout;
        handler ??= new SocketsHttpHandler { ConnectTimeout = _responseTimeout };
        // Overall timeout off: the 160 MB body may legitimately take minutes; the response timeout guards offline machines.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _url = new Uri(url ?? Cifar10Url);
    }

    /// <summary>
    /// Returns the directory holding the CIFAR-10 binary files under <paramref name="targetDirectory"/>,
    /// downloading and extracting the archive first if they are not there yet.
    /// </summary>
    public async Task<string> EnsureCifar10Async(string targetDirectory, CancellationToken cancellationToken = default)
    {
        string root = Path.GetFullPath(targetDirectory);
        if (TryLocate(root) is { } existing) return existing;

        Directory.CreateDirectory(root);
        string archive = Path.Combine(root, Cifar10ArchiveName);
        if (!File.Exists(archive))
            await DownloadAsync(archive, root, cancellationToken).ConfigureAwait(false);

        TarGzExtractor.Extract(archive, root);
        // Open throws the detailed "expected files" message if the archive did not contain them.
        return DatasetCatalog.Open("cifar10", root).Directory;
    }

    private async Task DownloadAsync(string archive, string root, CancellationToken cancellationToken)
    {
        string partial = archive + ".part";
        try
        {
            using var headerTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            headerTimeout.CancelAfter(_responseTimeout);
            using var response = await _http.GetAsync(_url, HttpCompletionOption.ResponseHeadersRead, headerTimeout.Token).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await using (var output = File.Create(partial))
                await response.Content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            File.Move(partial, archive, overwrite: true);
        }
        catch (Exception e) when (IsNetworkFailure(e, cancellationToken))
        {
            File.Delete(partial);
            throw new DatasetNotFoundException("cifar10", [archive], OfflineMessage(root, e), e);
        }
    }

    private static bool IsNetworkFailure(Exception e, CancellationToken callerToken) => e switch
    {
        HttpRequestException or SocketException or IOException => true,
        // A timeout (not the caller's own cancellation) means the host could not be reached in time.
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };

    private string OfflineMessage(string root, Exception e) =>
        $"Could not download {_url} ({e.GetType().Name}: {e.Message}); this machine appears to be offline.{Environment.NewLine}" +
        $"To use CIFAR-10, put the files of the binary version (not the python or matlab version) in {root} " +
        $"or {Path.Combine(root, "cifar-10-batches-bin")}:{Environment.NewLine}" +
        $"  data_batch_1.bin .. data_batch_5.bin (training), test_batch.bin (test), optionally batches.meta.txt (class names, one a line).{Environment.NewLine}" +
        $"Format: records of 3073 bytes: 1 label byte (0-9), then 1024 red, 1024 green, 1024 blue bytes (32x32, row-major).{Environment.NewLine}" +
        $"For example, on a machine with network access download {Cifar10Url}, copy it to {Path.Combine(root, Cifar10ArchiveName)} " +
        $"and run the fetch command again (it extracts an archive already present), or run `tar xzf {Cifar10ArchiveName} -C {root}`.";

    private static string? TryLocate(string root)
    {
        try { return DatasetCatalog.Open("cifar10", root).Directory; }
        catch (DatasetNotFoundException) { return null; }
    }

    public void Dispose() => _http.Dispose();
}
