using System.CommandLine;
using NasLab.Search.Config;
using NasLab.Search.Store;

namespace NasLab.Cli.Commands;

/// <summary>
/// The <c>naslab</c> command line: builds the command tree, runs it and turns exceptions into exit codes
/// (0 ok, 1 user error, 2 internal). User errors print only their message; internal errors print the
/// exception type too, and the stack trace when NASLAB_DEBUG is set.
/// </summary>
public static class NasLabApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactiveTerminal = false)
    {
        var io = CommandIo.For(stdout, stderr, interactiveTerminal);
        var root = BuildRoot(io);
        try
        {
            var parse = root.Parse(args);
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                // Our own handler below decides exit codes and hides stack traces from users.
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e) when (e is ConfigException or TrialStoreException or UserErrorException
                                       or Evaluator.DatasetNotFoundException or Evaluator.DataFormatException
                                       or SearchSpace.Validation.ArchitectureException or SearchSpace.Engine.TorchNativeLibraryException)
        {
            // Bad input or setup the user can fix: the message names the file / field / allowed values, or what to run.
            stderr.WriteLine(e.Message);
            return ExitCodes.UserError;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"naslab: internal error: {e.GetType().Name}: {e.Message}");
            stderr.WriteLine(Environment.GetEnvironmentVariable("NASLAB_DEBUG") is { Length: > 0 }
                ? e.ToString()
                : "set NASLAB_DEBUG=1 for the stack trace, and please report it");
            return ExitCodes.Internal;
        }
    }

    public static RootCommand BuildRoot(CommandIo io)
    {
        var root = new RootCommand("naslab: platform-aware neural architecture search (MnasNet-style) for .NET")
        {
            ValidateCommand.Build(io),
            TrialsCommand.Build(io),
            ShowCommand.Build(io),
            ParetoCommand.Build(io),
            RunsCommand.Build(io),
            ZooCommand.Build(io),
            ExportCommand.Build(io),
            ReportCommand.Build(io),
            SearchCommands.Search(io),
            SearchCommands.Resume(io),
            SearchCommands.Worker(io),
            TrainCommand.Build(io),
            FetchDataCommand.Build(io),
            DeviceAgentCommand.Build(),
            DashboardCommand.Build(),
        };
        foreach (var version in root.Options.OfType<VersionOption>()) version.Action = new VersionAction();
        return root;
    }
}
