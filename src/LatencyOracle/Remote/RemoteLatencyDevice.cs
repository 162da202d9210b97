using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using NasLab.LatencyOracle.Latency;

namespace NasLab.LatencyOracle.Remote;

/// <summary>
/// Measures on a device agent (<c>naslab device-agent</c>) over HTTP: the model goes to the agent, which measures
/// it with this device's protocol and the request's profile, one measurement at a time, and returns the timings
/// and its device's description. Transport failures raise <see cref="DeviceUnavailableException"/> (retry, or use
/// another agent); the agent's refusals raise <see cref="DeviceRefusedException"/> with its message.
/// </summary>
public sealed class RemoteLatencyDevice : ILatencyDevice, IDisposable
{
    private static readonly TimeSpan DescribeTimeout = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http;
    private readonly string _token;
    private readonly MeasurementProtocol _protocol;
    private readonly TimeSpan _timeout;
    private readonly object _lock = new();
    private AgentDescription? _description;

    /// <param name="address">Where the agent listens.</param>
    /// <param name="token">The agent's shared secret (sent as a bearer token, never logged).</param>
    /// <param name="protocol">How long the agent measures each model.</param>
    /// <param name="timeout">How long one measurement may take, queueing behind another client's included.</param>
    public RemoteLatencyDevice(AgentAddress address, string token, MeasurementProtocol? protocol = null, TimeSpan? timeout = null)
    {
        Address = address ?? throw new ArgumentNullException(nameof(address));
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _token = token;
        _protocol = protocol ?? MeasurementProtocol.Default;
        _protocol.Validate();
        _timeout = timeout ?? DefaultTimeout(_protocol);
        if (_timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "must be positive");
        // A dead host fails the connect quickly; a slow measurement is bounded by the per-request timeout instead.
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = address.BaseUri,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Twice the protocol's time cap (one client may be queued behind another's measurement) plus a minute for session setup and transfer.</summary>
    public static TimeSpan DefaultTimeout(MeasurementProtocol protocol) => protocol.EffectiveTimeCap * 2 + TimeSpan.FromMinutes(1);

    public AgentAddress Address { get; }

    public string Name => Address.ToString();

    public string Identity => Describe().Identity;

    public MachineDescription Machine => Describe().Machine;

    /// <summary>The agent's description, asked once and then kept (the device does not change under a running agent).</summary>
    public AgentDescription Describe()
    {
        lock (_lock)
            return _description ??= Fetch();
    }

    /// <summary>The agent's description asked now (its measurement count is current).</summary>
    public AgentDescription Fetch()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, AgentProtocol.DeviceRoute.TrimStart('/'));
        var body = Send(request, DescribeTimeout, "describe the device");
        return Parse<AgentDescription>(body, "device description");
    }

    public LatencyResult Measure(byte[] model, DeviceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(model);
        profile.Validated();
        var description = Describe();
        if (model.LongLength > description.MaxModelBytes)
            throw new DeviceRefusedException($"{Name}: the model is {model.LongLength:N0} bytes; this agent accepts at most {description.MaxModelBytes:N0} (its --max-model-mb)");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{AgentProtocol.MeasureRoute.TrimStart('/')}?{AgentProtocol.MeasureQuery(profile, _protocol)}")
        {
            Content = new ByteArrayContent(model) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
        };
        var body = Send(request, _timeout, "measure");
        var result = Parse<LatencyResult>(body, "measurement");
        if (result.ModelSha256 != ModelHash.Sha256(model))
            throw new DeviceUnavailableException($"{Name}: the agent answered for model {result.ModelSha256[..12]}, not the one sent ({ModelHash.Sha256(model)[..12]})");
        if (result.ProfileKey != profile.CacheKey)
            throw new DeviceUnavailableException($"{Name}: the agent measured under profile '{result.ProfileKey}', not the one asked for ('{profile.CacheKey}')");
        return result with { RuntimeVersion = description.Runtime, Agent = Name };
    }

    private string Send(HttpRequestMessage request, TimeSpan timeout, string what)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var deadline = new CancellationTokenSource(timeout);
        HttpResponseMessage response;
        string body;
        try
        {
            response = _http.Send(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            using var reader = new StreamReader(response.Content.ReadAsStream(deadline.Token));
            body = reader.ReadToEnd();
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested)
        {
            throw new DeviceUnavailableException($"{Name}: no answer within {timeout.TotalSeconds:F0} s to {what}", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            throw new DeviceUnavailableException($"{Name}: could not {what}: {Innermost(e).Message}", e);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return body;
            var message = TryParse<AgentError>(body)?.Error ?? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            // 5xx from the agent (it crashed inside, or a proxy in between gave up) may pass; 4xx is about this request.
            if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.ServiceUnavailable)
                throw new DeviceUnavailableException($"{Name}: {message}");
            throw new DeviceRefusedException($"{Name} refused to {what}: {message}");
        }
    }

    private T Parse<T>(string body, string what) where T : class =>
        TryParse<T>(body) ?? throw new DeviceUnavailableException($"{Name}: the agent's {what} is not valid JSON of its protocol");

    private static T? TryParse<T>(string body) where T : class
    {
        try { return JsonSerializer.Deserialize<T>(body, AgentProtocol.Json); }
        catch (JsonException) { return null; }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    public void Dispose() => _http.Dispose();
}
