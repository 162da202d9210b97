using System.CommandLine;
using Spectre.Console;
using NasLab.Cli.Reports;

namespace NasLab.Cli.Commands;

/// <summary><c>naslab report &lt;db&gt; -o page.html</c>: one self-contained HTML page about an experiment.</summary>
internal static class ReportCommand
{
    public static Command Build(CommandIo io)
    {
        var db = StoreArguments.Database();
        var output = new Option<string>("--output", "-o") { Description = "HTML file to write", Required = true };
        var top = new Option<int>("--top") { Description = "Trials in the top-trials table", DefaultValueFactory = _ => 10 };
        var command = new Command("report", "Write an HTML report of an experiment") { db, output, top };
        command.SetAction(parse => Run(io, parse.GetValue(db)!, parse.GetValue(output)!, parse.GetValue(top)));
        return command;
    }

    public static int Run(CommandIo io, string dirOrDb, string output, int top)
    {
        if (top < 1) throw new UserErrorException($"--top: {top} is not a positive number of trials");
        OutputFile.EnsureNotInput("--output", output, [StoreArguments.Input(dirOrDb)]);
        ReportData data;
        using (var store = StoreArguments.OpenForReading(dirOrDb)) data = ReportData.Load(store, top);
        var html = HtmlReport.Render(data);
        OutputFile.Write("--output", output, temporary => File.WriteAllText(temporary, html));
        io.Out.WriteLine($"wrote the report of '{data.Experiment.Name}' ({data.Trials.Count} trials, {data.Completed.Count} completed) to {output}");
        return ExitCodes.Ok;
    }
}
