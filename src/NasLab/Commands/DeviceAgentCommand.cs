using System.CommandLine;
using System.Runtime.InteropServices;
using NasLab.DeviceAgent;
using NasLab.LatencyOracle.Remote;
using Serilog;

namespace NasLab.Cli.Commands;

/// <summary>
/// <c>naslab device-agent [--port N] [--host ADDRESS] --token-file F [--max-model-mb N]</c>: runs on the target
/// device and measures ONNX models sent by searches and <c>zoo</c> on other machines (<see cref="DeviceAgentServer"/>),
/// until Ctrl+C or SIGTERM. It writes to the process's stdout (it is a service, never run inside another command):
/// the first line says where it listens, then one line per measurement or refusal.
/// </summary>
internal static class DeviceAgentCommand
{
    public static Command Build()
    {
        var port = new Option<int>("--port") { Description = $"TCP port (default {AgentOptions.DefaultPort}; 0 picks a free one)", DefaultValueFactory = _ => AgentOptions.DefaultPort };
        var host = new Option<string>("--host")
        {
            Description = $"Address to listen on (default {AgentOptions.DefaultHost}, every interface; 127.0.0.1 for this machine only)",
            DefaultValueFactory = _ => AgentOptions.DefaultHost,
        };
        var tokenFile = new Option<string>("--token-file")
        {
            Description = $"File whose first line is the shared secret clients must send ({AgentTokenFile.HowToMakeOne})",
            Required = true,
        };
        var maxModel = new Option<int>("--max-model-mb")
        {
            Description = $"Refuse larger models (default {AgentOptions.DefaultMaxModelMegabytes} MB)",
            DefaultValueFactory = _ => AgentOptions.DefaultMaxModelMegabytes,
        };
        var command = new Command("device-agent", "Measure ONNX models on this device for searches on other machines (latency.device: remote:HOST:PORT)")
        {
            port, host, tokenFile, maxModel,
        };
        command.SetAction(int (parse) =>
        {
            var portNumber = parse.GetValue(port);
            if (portNumber is < 0 or > 65535) throw new UserErrorException($"--port: {portNumber} is out of range; allowed values: 0 to 65535");
            var megabytes = parse.GetValue(maxModel);
            if (megabytes is < 1 or > 4096) throw new UserErrorException($"--max-model-mb: {megabytes} is out of range; allowed values: 1 to 4096");
            AgentToken token;
            try { token = AgentToken.FromFile(parse.GetValue(tokenFile)!); }
            catch (ArgumentException e) { throw new UserErrorException($"--token-file: {e.Message}"); }
            var options = new AgentOptions(parse.GetValue(host)!, portNumber, token, megabytes * 1024L * 1024L);
            return Run(options);
        });
        return command;
    }

    private static int Run(AgentOptions options)
    {
        using var log = new LoggerConfiguration().MinimumLevel.Information()
            .WriteTo.Console(outputTemplate: "[agent] {Message:lj}{NewLine}")
            .CreateLogger();
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCtrlC;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        try
        {
            DeviceAgentServer server;
            try { server = DeviceAgentServer.StartAsync(options, log).GetAwaiter().GetResult(); }
            catch (ArgumentException e) { throw new UserErrorException(e.Message); }
            catch (IOException e) { throw new UserErrorException($"device-agent: cannot listen on {options.Host}:{options.Port}: {e.Message}"); }
            var description = NasLab.LatencyOracle.Latency.MachineDescription.Current;
            Console.Out.WriteLine($"naslab device-agent listening on {server.Address} ({description.CpuModel}, {description.LogicalCores} cores, {description.Architecture}, " +
                             $"{NasLab.LatencyOracle.Latency.LocalOrtDevice.LocalIdentity}); one measurement at a time; Ctrl+C stops");
            Console.Out.Flush();
            server.WaitAsync(stop.Token).GetAwaiter().GetResult();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Console.Out.WriteLine("naslab device-agent stopped");
            return ExitCodes.Ok;
        }
        finally { Console.CancelKeyPress -= onCtrlC; }
    }
}
