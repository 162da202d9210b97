using NasLab.Search.Store;
using Spectre.Console;

namespace NasLab.Cli.Commands;

/// <summary>The trial table shared by <c>trials</c> and <c>pareto</c>.</summary>
internal static class TrialTable
{
    public static Table Build(IEnumerable<TrialRecord> trials, string? title = null)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (title is not null) table.Title(Markup.Escape(title));
        table.AddColumn(new TableColumn("trial").RightAligned());
        table.AddColumn("status");
        table.AddColumn(new TableColumn("accuracy").RightAligned());
        table.AddColumn(new TableColumn("latency ms").RightAligned());
        table.AddColumn(new TableColumn("reward").RightAligned());
        table.AddColumn(new TableColumn("params").RightAligned());
        table.AddColumn(new TableColumn("MACs").RightAligned());
        table.AddColumn(new TableColumn("train s").RightAligned());
        table.AddColumn("architecture");
        foreach (var t in trials)
        {
            table.AddRow(
                t.Id.ToString(),
                t.Status == TrialStatus.Failed ? "[red]failed[/]" : Markup.Escape(TrialFormat.Status(t)),
                TrialFormat.Accuracy(t.Accuracy),
                TrialFormat.Ms(t.LatencyMs),
                TrialFormat.Reward(t.Reward),
                TrialFormat.Count(t.Params),
                TrialFormat.Count(t.Macs),
                TrialFormat.Seconds(t.TrainSeconds),
                Markup.Escape(TrialFormat.Shorten(t.BlockString, 60)));
        }
        return table;
    }
}
