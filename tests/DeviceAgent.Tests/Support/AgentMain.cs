using NasLab.LatencyOracle.Remote;
using Serilog;

namespace NasLab.DeviceAgent.Tests.Support;

/// <summary>
/// Entry point of the test assembly run as a program: <c>dotnet NasLab.DeviceAgent.Tests.dll agent TOKEN-FILE MAX-MB</c>
/// runs a real <see cref="DeviceAgentServer"/> on 127.0.0.1 at a free port, prints <c>listening on URL</c>, logs
/// each measurement on stdout, and stops on SIGTERM.
/// </summary>
public static class AgentMain
{
    public static int Main(string[] args)
    {
        if (args is not ["agent", var tokenFile, var maxMegabytes]) return 64;
        using var log = new LoggerConfiguration().WriteTo.Console(outputTemplate: "{Message:lj}{NewLine}").CreateLogger();
        using var stop = new CancellationTokenSource();
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context => { context.Cancel = true; stop.Cancel(); });
        var options = new AgentOptions("127.0.0.1", 0, AgentToken.FromFile(tokenFile), long.Parse(maxMegabytes) * 1024 * 1024);
        var server = DeviceAgentServer.StartAsync(options, log).GetAwaiter().GetResult();
        Console.WriteLine($"listening on {server.Address}");
        server.WaitAsync(stop.Token).GetAwaiter().GetResult();
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.WriteLine("stopped");
        return 0;
    }
}
