using System.CommandLine;
using NasLab.Search.Experiment;
using NasLab.Search.Loop;
using NasLab.Search.Store;
using Spectre.Console;

namespace NasLab.Cli.Commands;

/// <summary><c>naslab search</c> and <c>naslab resume</c>: run the search loop with the live view.</summary>
internal static class SearchCommands
{
    public static Command Search(CommandIo io)
    {
        var file = new Argument<string>("yaml") { Description = "Experiment file" };
        var force = new Option<bool>("--force") { Description = "Continue an existing experiment even if its configuration changed" };
        var store = new Option<string?>("--store")
        {
            Description = "Keep the experiment in this PostgreSQL database (postgresql://host[:port]/db) and coordinate workers " +
                          "(naslab worker) instead of training here; credentials from PGUSER/PGPASSWORD or ~/.pgpass",
        };
        var grace = new Option<double>("--worker-grace")
        {
            Description = "With --store: seconds without a heartbeat after which a worker's trial is queued again (default 60)",
            DefaultValueFactory = _ => 60,
        };
        var command = new Command("search", "Run an architecture search described by a YAML file (continues it if it already exists)") { file, force, store, grace };
        command.SetAction(int (parse) =>
        {
            var path = parse.GetValue(file)!;
            var url = parse.GetValue(store);
            if (url is not null && !TrialStores.IsDatabaseUrl(url))
                throw new UserErrorException($"--store: '{url}' is not a PostgreSQL URL; allowed form: postgresql://host[:port]/database (omit --store for a local search)");
            var seconds = parse.GetValue(grace);
            if (!(seconds >= 1 && seconds <= 86_400)) throw new UserErrorException($"--worker-grace: {seconds} is out of range; allowed values: 1 to 86400 seconds");
            var options = new SearchLoopOptions { HeartbeatGrace = TimeSpan.FromSeconds(seconds) };
            return Run(io, (observer, stop, abort) => SearchSession.Start(path, parse.GetValue(force), observer, stop, abort, storeUrl: url, options: options));
        });
        return command;
    }

    public static Command Worker(CommandIo io)
    {
        var store = new Option<string>("--store")
        {
            Description = "The PostgreSQL database of the experiment (postgresql://host[:port]/db); credentials from PGUSER/PGPASSWORD or ~/.pgpass",
            Required = true,
        };
        var experiment = new Option<string?>("--experiment") { Description = "The experiment to work on (needed when the database holds several)" };
        var name = new Option<string?>("--name") { Description = "This worker's name in the store (default: host:pid)" };
        var heartbeat = new Option<double>("--heartbeat")
        {
            Description = "Seconds between heartbeats; keep it well under the coordinator's --worker-grace (default 10)",
            DefaultValueFactory = _ => 10,
        };
        var command = new Command("worker", "Evaluate queued trials of an experiment coordinated by `naslab search --store` (run one per machine)")
        {
            store, experiment, name, heartbeat,
        };
        command.SetAction(int (parse) =>
        {
            var url = parse.GetValue(store)!;
            if (!TrialStores.IsDatabaseUrl(url))
                throw new UserErrorException($"--store: '{url}' is not a PostgreSQL URL; allowed form: postgresql://host[:port]/database");
            var beat = parse.GetValue(heartbeat);
            if (!(beat >= 0.1 && beat <= 3600)) throw new UserErrorException($"--heartbeat: {beat} is out of range; allowed values: 0.1 to 3600 seconds");
            using var stop = new CancellationTokenSource();
            using var abort = new CancellationTokenSource();
            // First Ctrl+C: finish the current trial. Second: abandon it (the coordinator re-queues it after the grace period).
            ConsoleCancelEventHandler handler = (_, e) =>
            {
                e.Cancel = true;
                if (!stop.IsCancellationRequested) { io.Error.WriteLine("Stopping after the current trial (Ctrl+C again to stop now)..."); stop.Cancel(); }
                else abort.Cancel();
            };
            Console.CancelKeyPress += handler;
            try
            {
                var ran = SearchSession.Work(url, parse.GetValue(experiment), parse.GetValue(name), stop.Token, abort.Token,
                    heartbeat: TimeSpan.FromSeconds(beat));
                io.Out.WriteLine($"worker finished: {ran} trial(s) reported");
                return ExitCodes.Ok;
            }
            finally { Console.CancelKeyPress -= handler; }
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
