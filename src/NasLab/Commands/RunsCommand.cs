using System.CommandLine;
using Spectre.Console;

namespace NasLab.Cli.Commands;

/// <summary><c>naslab runs &lt;db&gt;</c>: every process that ran against an experiment, with its versions, threads and data.</summary>
internal static class RunsCommand
{
    public static Command Build(CommandIo io)
    {
        var db = StoreArguments.Database();
        var experiment = StoreArguments.Experiment();
        var command = new Command("runs", "List the processes that ran an experiment (search, coordinator, workers): versions, threads, data") { db, experiment };
        command.SetAction(parse => Run(io, parse.GetValue(db)!, parse.GetValue(experiment)));
        return command;
    }

    public static int Run(CommandIo io, string location, string? experiment = null)
    {
        using var store = StoreArguments.OpenForReading(location, experiment);
        var info = store.GetExperiment();
        var table = new Table().Title(Markup.Escape($"{info.Name}: data {info.Dataset}"));
        foreach (var column in new[] { "started (UTC)", "role", "process", "naslab", "TorchSharp", "libtorch", "ONNX Runtime", "threads", "cores", "OS" })
            table.AddColumn(column);
        foreach (var r in store.ListRuns())
        {
            table.AddRow(new[] { r.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"), r.Role, r.Process, r.NaslabVersion, r.TorchSharpVersion,
                r.LibTorchVersion, r.OnnxRuntimeVersion, r.TorchThreads.ToString(), r.LogicalCores.ToString(), r.Os }.Select(Markup.Escape).ToArray());
        }
        io.Out.Write(table);
        return ExitCodes.Ok;
    }
}
