using System.CommandLine;
using NasLab.Search.Experiment;
using NasLab.Search.Loop;
using Spectre.Console;

namespace NasLab.Cli.Commands;

/// <summary><c>naslab search</c> and <c>naslab resume</c>: run the search loop with the live view.</summary>
internal static class SearchCommands
{
    public static Command Search(CommandIo io)
    {
        var file = new Argument<string>("yaml") { Description = "Experiment file" };
        var force = new Option<bool>("--force") { Description = "Continue an existing experiment even if its configuration changed" };
        var command = new Command("search", "Run an architecture search described by a YAML file (continues it if it already exists)") { file, force };
        command.SetAction(int (parse) =>
        {
            var path = parse.GetValue(file)!;
            return Run(io, (observer, stop, abort) => SearchSession.Start(path, parse.GetValue(force), observer, stop, abort));
        });
        return command;
    }

    public static Command Resume(CommandIo io)
    {
        var target = new Argument<string>("experiment") { Description = "Experiment directory or its trials.db" };
        var force = new Option<bool>("--force") { Description = "Resume even if the stored configuration hash does not match" };
        var command = new Command("resume", "Continue an interrupted search from its trial database") { target, force };
        command.SetAction(int (parse) =>
            Run(io, (observer, stop, abort) => SearchSession.Resume(parse.GetValue(target)!, parse.GetValue(force), observer, stop, abort)));
        return command;
    }

    private static int Run(CommandIo io, Func<ISearchObserver, CancellationToken, CancellationToken, SearchOutcome> search)
    {
        using var stop = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();
        // First Ctrl+C: finish the current trial, then stop. Second: abandon it (it reruns on resume).
        ConsoleCancelEventHandler handler = (_, e) =>
        {
            e.Cancel = true;
            if (!stop.IsCancellationRequested)
            {
                io.Out.MarkupLine("[yellow]Stopping after the current trial (Ctrl+C again to stop now)...[/]");
                stop.Cancel();
            }
            else abort.Cancel();
        };
        Console.CancelKeyPress += handler;
        try
        {
            using var view = new SearchConsoleView(io.Out);
            var outcome = search(view, stop.Token, abort.Token);
            io.Out.MarkupLine(outcome.End switch
            {
                SearchEnd.BudgetSpent => $"Search complete: {outcome.TrialsRun} trial(s) run. Inspect with [bold]naslab trials[/] and [bold]naslab pareto[/].",
                SearchEnd.TimeSpent => $"Wall-time budget spent after {outcome.TrialsRun} trial(s) in this run.",
                _ => $"Search stopped after {outcome.TrialsRun} trial(s); continue it with [bold]naslab resume[/].",
            });
            return ExitCodes.Ok;
        }
        finally { Console.CancelKeyPress -= handler; }
    }
}
