using System.CommandLine;
using NasLab.Search.Store;
using Spectre.Console;

namespace NasLab.Cli.Commands;

/// <summary><c>naslab trials &lt;db&gt; [--sort col] [--status s] [--top n] [--order asc|desc]</c>.</summary>
internal static class TrialsCommand
{
    public static Command Build(CommandIo io)
    {
        var db = StoreArguments.Database();
        var sort = new Option<string>("--sort")
        {
            Description = $"Numeric column to sort by: {string.Join(", ", TrialQuery.SortColumns)}",
            DefaultValueFactory = _ => "id",
        };
        var status = new Option<string?>("--status") { Description = $"Only trials with this status: {string.Join(", ", StatusNames.TrialStatuses)}" };
        var top = new Option<int?>("--top") { Description = "Show only the first N trials after sorting" };
        var order = new Option<string?>("--order") { Description = "asc or desc (default: best first for accuracy, reward, images_per_sec; ascending otherwise)" };
        order.AcceptOnlyFromAmong("asc", "desc");
        var format = new Option<string>("--format")
        {
            Description = $"table (default), or csv / json for pandas and spreadsheets: {string.Join(", ", TrialExport.Formats)}",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong(["table", .. TrialExport.Formats]);
        var experiment = StoreArguments.Experiment();

        var command = new Command("trials", "List the trials of an experiment") { db, sort, status, top, order, format, experiment };
        command.SetAction(parse =>
        {
            var query = new TrialQuery(
                Status: parse.GetValue(status) is { } s ? StatusNames.ParseTrialStatus(s) : null,
                SortBy: parse.GetValue(sort)!,
                Descending: parse.GetValue(order) switch { "asc" => false, "desc" => true, _ => null },
                Top: parse.GetValue(top));
            return Run(io, parse.GetValue(db)!, query, parse.GetValue(format)!, parse.GetValue(experiment));
        });
        return command;
    }

    public static int Run(CommandIo io, string dirOrDb, TrialQuery query, string format = "table", string? experimentName = null)
    {
        query.Validate();
        using var store = StoreArguments.OpenForReading(dirOrDb, experimentName);
        var experiment = store.GetExperiment();
        var trials = store.ListTrials(query);
        if (format != "table")
        {
            TrialExport.Write(io.RawOut, trials, format);
            return ExitCodes.Ok;
        }
        io.Out.Write(TrialTable.Build(trials, $"{experiment.Name} ({experiment.Status.ToDb()})"));
        // Trials still marked running belong to a search that is gone once the experiment reads as interrupted.
        var inFlight = experiment.Status == ExperimentStatus.Interrupted ? "interrupted" : "running";
        io.Out.WriteLine($"{trials.Count} shown; {store.Count()} trials in total, {store.Count(TrialStatus.Completed)} completed, " +
                         $"{store.Count(TrialStatus.Failed)} failed, {store.Count(TrialStatus.Duplicate)} duplicates, " +
                         $"{store.Count(TrialStatus.Queued)} queued, {store.Count(TrialStatus.Running)} {inFlight}");
        return ExitCodes.Ok;
    }
}
