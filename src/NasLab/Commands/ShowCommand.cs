using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using NasLab.Search.Store;
using Spectre.Console;

namespace NasLab.Cli.Commands;

/// <summary><c>naslab show &lt;db&gt; &lt;trial&gt; [--json]</c>: everything stored about one trial.</summary>
internal static class ShowCommand
{
    public static Command Build(CommandIo io)
    {
        var db = StoreArguments.Database();
        var trial = new Argument<int>("trial") { Description = "Trial number" };
        var json = new Option<bool>("--json") { Description = "Print the trial as one JSON object (for scripts)" };
        var experiment = StoreArguments.Experiment();
        var command = new Command("show", "Show every stored detail of one trial") { db, trial, json, experiment };
        command.SetAction(parse => Run(io, parse.GetValue(db)!, parse.GetValue(trial), parse.GetValue(json), parse.GetValue(experiment)));
        return command;
    }

    public static int Run(CommandIo io, string dirOrDb, int trialId, bool asJson, string? experiment = null)
    {
        using var store = StoreArguments.OpenForReading(dirOrDb, experiment);
        var t = store.GetTrial(trialId)
                ?? throw new UserErrorException($"{store.Location}: there is no trial {trialId} (the experiment has {store.Count()} trials)");
        if (asJson)
        {
            io.RawOut.WriteLine(JsonSerializer.Serialize(t, new JsonSerializerOptions { WriteIndented = true, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } }));
            return ExitCodes.Ok;
        }

        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string value) => grid.AddRow(new Text(name), new Text(value));
        Row("trial", t.Id.ToString());
        Row("status", TrialFormat.Status(t));
        Row("accuracy", TrialFormat.Accuracy(t.Accuracy));
        Row("validation loss", TrialFormat.Plain(t.ValLoss));
        Row("latency", t.LatencyMs is null ? "-" : $"{TrialFormat.Ms(t.LatencyMs)} ms ({t.LatencyMode})");
        if (t.LatencyDevice is not null) Row("latency device", t.LatencyDevice);
        Row("reward", TrialFormat.Reward(t.Reward));
        if (t.SupernetAccuracy is not null) Row("supernet accuracy", $"{TrialFormat.Accuracy(t.SupernetAccuracy)} (weight-sharing estimate before this stand-alone training)");
        Row("parameters", t.Params?.ToString("N0") ?? "-");
        Row("MACs", t.Macs?.ToString("N0") ?? "-");
        Row("training time", t.TrainSeconds is null ? "-" : $"{TrialFormat.Seconds(t.TrainSeconds)} s");
        Row("latency time", t.LatencySeconds is null ? "-" : $"{TrialFormat.Seconds(t.LatencySeconds)} s");
        Row("throughput", t.ImagesPerSec is null ? "-" : $"{TrialFormat.Plain(t.ImagesPerSec)} images/s");
        Row("started", TrialFormat.Time(t.StartedAt));
        Row("finished", TrialFormat.Time(t.FinishedAt));
        Row("arch hash", t.ArchHash);
        Row("decisions", "[" + string.Join(", ", t.Decisions) + "]");
        Row("blocks", t.BlockString);
        if (t.Error is not null) Row("error", t.Error);
        io.Out.Write(grid);
        io.Out.WriteLine();
        io.Out.WriteLine("architecture:");
        io.Out.WriteLine(t.ArchitectureJson);
        if (t.TrainingCurveJson is not null)
        {
            io.Out.WriteLine("training curve:");
            io.Out.WriteLine(t.TrainingCurveJson);
        }
        return ExitCodes.Ok;
    }
}
