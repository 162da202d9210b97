using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Remote;
using ILogger = Serilog.ILogger;

namespace NasLab.DeviceAgent;

/// <summary>
/// The device agent's HTTP server (<see cref="AgentProtocol"/>). HTTP because the payload is one model up and one
/// small JSON document down per measurement: plain HTTP/1.1 needs nothing beyond the SDK on either side, passes
/// proxies and SSH tunnels, and can be probed with curl; gRPC would add a code generator and HTTP/2 for no gain
/// at one request every few seconds. Every request needs the bearer token; measurements run one at a time (later
/// requests wait), so two measurements never share the device's cores.
/// </summary>
public sealed class DeviceAgentServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AgentWorkspace _workspace;

    private DeviceAgentServer(WebApplication app, AgentWorkspace workspace, Uri address) =>
        (_app, _workspace, Address) = (app, workspace, address);

    /// <summary>The address the agent listens on (with the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    public static string AgentName =>
        $"naslab-device-agent {typeof(DeviceAgentServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0"}";

    public static async Task<DeviceAgentServer> StartAsync(AgentOptions options, ILogger log, CancellationToken cancellationToken = default)
    {
        var ip = options.Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(options.Host, out var parsed) ? parsed
            : throw new ArgumentException($"--host: '{options.Host}' is not an IP address (use 0.0.0.0 for every interface, 127.0.0.1 for this machine only)");
        var workspace = AgentWorkspace.Create();
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = workspace.Path, ApplicationName = "naslab-device-agent" });
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel =>
            {
                kestrel.Listen(ip, options.Port);
                // A byte over the limit ends the upload: the handler checks the declared length first and answers 413 itself.
                kestrel.Limits.MaxRequestBodySize = options.MaxModelBytes + 1;
            });
            var app = builder.Build();
            new AgentEndpoints(options, log).Map(app);
            await app.StartAsync(cancellationToken);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new DeviceAgentServer(app, workspace, new Uri(bound));
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>Runs until <paramref name="stop"/> is cancelled (Ctrl+C or SIGTERM in the command).</summary>
    public async Task WaitAsync(CancellationToken stop)
    {
        try { await Task.Delay(Timeout.Infinite, stop); }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _workspace.Dispose();
    }
}
