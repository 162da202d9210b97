using System.CommandLine;
using NasLab.Search.Analysis;
using NasLab.Search.Store;
using Spectre.Console;

namespace NasLab.Cli.Commands;

/// <summary><c>naslab pareto &lt;db&gt;</c>: the accuracy-vs-latency non-dominated trials, fastest first.</summary>
internal static class ParetoCommand
{
    public static Command Build(CommandIo io)
    {
        var db = StoreArguments.Database();
        var experiment = StoreArguments.Experiment();
        var command = new Command("pareto", "Show the trials on the accuracy-vs-latency Pareto front") { db, experiment };
        command.SetAction(parse => Run(io, parse.GetValue(db)!, parse.GetValue(experiment)));
        return command;
    }

    public static int Run(CommandIo io, string dirOrDb, string? experiment = null)
    {
        using var store = StoreArguments.OpenForReading(dirOrDb, experiment);
        var completed = store.ListTrials(new TrialQuery(Status: TrialStatus.Completed));
        var front = ParetoFront.Compute(completed);
        io.Out.Write(TrialTable.Build(front, $"{store.GetExperiment().Name}: Pareto front (accuracy vs latency)"));
        io.Out.WriteLine($"{front.Count} of {completed.Count} completed trials are Pareto-optimal");
        return ExitCodes.Ok;
    }
}
