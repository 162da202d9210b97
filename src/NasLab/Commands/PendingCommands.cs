using System.CommandLine;
using NasLab.Cli.Config;

namespace NasLab.Cli.Commands;

/// <summary>
/// Commands whose parsing is final but whose work needs components not wired into this build yet
/// (search loop, zoo, exporters, report, final training). They fail with exit code 2 and say so.
/// Their arguments are still checked as far as possible, so scripts written today keep working.
/// </summary>
internal static class PendingCommands
{
    public static IEnumerable<Command> Build(CommandIo io)
    {
        yield return Search(io);
        yield return Resume();
        yield return Zoo();
        yield return Report();
        yield return Export();
        yield return Train();
    }

    private static Command Search(CommandIo io)
    {
        var file = new Argument<string>("yaml") { Description = "Experiment file" };
        var force = new Option<bool>("--force") { Description = "Continue an existing experiment even if its configuration changed" };
        var command = new Command("search", "Run an architecture search described by a YAML file") { file, force };
        command.SetAction(int (parse) =>
        {
            // Validate first: a broken config is a user error (exit 1) even before the search loop exists.
            ExperimentConfigLoader.LoadFile(parse.GetValue(file)!);
            throw new NotYetImplementedException("search", "the search loop: controller, evaluator and latency oracle");
        });
        return command;
    }

    private static Func<ParseResult, int> Pending(string command, string needs) =>
        _ => throw new NotYetImplementedException(command, needs);

    private static Command Resume()
    {
        var target = new Argument<string>("experiment") { Description = "Experiment directory or its trials.db" };
        var force = new Option<bool>("--force") { Description = "Resume even if the stored configuration hash does not match" };
        var command = new Command("resume", "Continue an interrupted search from its trial database") { target, force };
        command.SetAction(Pending("resume", "the search loop"));
        return command;
    }

    private static Command Zoo()
    {
        var command = new Command("zoo", "List the reference architectures (MnasNet-A1, MixNet-S, ...) with their measured numbers");
        command.SetAction(Pending("zoo", "the architecture zoo of the search-space component"));
        return command;
    }

    private static Command Report()
    {
        var db = StoreArguments.Database();
        var output = new Option<string>("--output", "-o") { Description = "HTML file to write", Required = true };
        var command = new Command("report", "Write an HTML report of an experiment") { db, output };
        command.SetAction(Pending("report", "the HTML report generator"));
        return command;
    }

    private static Command Export()
    {
        var db = StoreArguments.Database();
        var which = new Argument<string>("trial") { Description = "Trial number, or the name of a zoo architecture" };
        var format = new Option<string>("--format") { Description = "csharp or onnx", Required = true };
        format.AcceptOnlyFromAmong("csharp", "onnx");
        var output = new Option<string>("--output", "-o") { Description = "File to write", Required = true };
        var command = new Command("export", "Export an architecture as C# model code or ONNX") { db, which, format, output };
        command.SetAction(Pending("export", "the model exporters"));
        return command;
    }

    private static Command Train()
    {
        var source = new Argument<string>("source") { Description = "Trial database (with --trial) or the name of a zoo architecture" };
        var trial = new Option<int?>("--trial") { Description = "Trial number to train when source is a database" };
        var config = new Option<string?>("--config") { Description = "YAML whose dataset/proxy_training sections set the training (default: the experiment's own)" };
        var epochs = new Option<int?>("--epochs") { Description = "Override the number of epochs" };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the trained weights", Required = true };
        var command = new Command("train", "Train one architecture to convergence") { source, trial, config, epochs, output };
        command.SetAction(Pending("train", "the evaluator's full training"));
        return command;
    }
}
