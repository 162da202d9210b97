using System.CommandLine;
using NasLab.Dashboard;
using NasLab.LatencyOracle.Remote;

namespace NasLab.Cli.Commands;

/// <summary>
/// <c>naslab dashboard &lt;experiment, output folder or postgresql:// URL&gt; [--port N] [--host A] [--token-file F]</c>:
/// serves the read-only web dashboard (<see cref="DashboardServer"/>) until Ctrl+C or SIGTERM; the first stdout line
/// says its address.
/// </summary>
internal static class DashboardCommand
{
    public static Command Build()
    {
        var target = new Argument<string>("target") { Description = "An experiment folder or its trials.db, an output folder of experiments, or a postgresql:// URL" };
        var port = new Option<int>("--port") { Description = $"TCP port (default {DashboardOptions.DefaultPort}; 0 picks a free one)", DefaultValueFactory = _ => DashboardOptions.DefaultPort };
        var host = new Option<string>("--host")
        {
            Description = $"Address to listen on (default {DashboardOptions.DefaultHost}: this machine only; another address needs --token-file)",
            DefaultValueFactory = _ => DashboardOptions.DefaultHost,
        };
        var tokenFile = new Option<string?>("--token-file") { Description = $"File whose first line is the token browsers must present ({AgentTokenFile.HowToMakeOne})" };
        var command = new Command("dashboard", "Serve a live, read-only web dashboard of one experiment or many (trials, Pareto front, history, controller)")
        {
            target, port, host, tokenFile,
        };
        command.SetAction(int (parse) =>
        {
            var portNumber = parse.GetValue(port);
            if (portNumber is < 0 or > 65535) throw new UserErrorException($"--port: {portNumber} is out of range; allowed values: 0 to 65535");
            string? token = null;
            if (parse.GetValue(tokenFile) is { } file)
            {
                try { token = AgentTokenFile.Read(file); }
                catch (ArgumentException e) { throw new UserErrorException($"--token-file: {e.Message}"); }
            }
            return Run(new DashboardOptions(parse.GetValue(target)!, parse.GetValue(host)!, portNumber, token, new DashboardArtifacts()));
        });
        return command;
    }

    private static int Run(DashboardOptions options)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCtrlC;
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context => { context.Cancel = true; stop.Cancel(); });
        try
        {
            DashboardServer server;
            try { server = DashboardServer.StartAsync(options).GetAwaiter().GetResult(); }
            catch (ArgumentException e) { throw new UserErrorException(e.Message); }
            catch (IOException e) { throw new UserErrorException($"dashboard: cannot listen on {options.Host}:{options.Port}: {e.Message}"); }
            Console.Out.WriteLine($"naslab dashboard of {options.Target} at {server.Address} (read-only; Ctrl+C stops)");
            Console.Out.Flush();
            server.WaitAsync(stop.Token).GetAwaiter().GetResult();
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return ExitCodes.Ok;
        }
        finally { Console.CancelKeyPress -= onCtrlC; }
    }
}
