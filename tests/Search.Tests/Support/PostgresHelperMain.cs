using System.Text.Json;
using NasLab.Search.Store;
using NasLab.Search.Store.Postgres;
using NasLab.Search.Tests.Store.Postgres;

namespace NasLab.Search.Tests.Support;

/// <summary>
/// Child-process entry points of the PostgreSQL tests (dispatched from <see cref="HelperMain"/> on "pg-*").
/// Each takes a URL without password (PGPASSWORD comes from the environment) and talks on stdout in lines:
/// <list type="bullet">
/// <item><c>pg-drain URL EXP WORKER</c>: prints "ready", waits for a line on stdin, then claims and reports
/// until the queue is empty, printing "claimed ID ATTEMPT" and "reported ID".</item>
/// <item><c>pg-hold URL EXP WORKER</c>: claims one trial, prints "claimed ID ATTEMPT", heartbeats until killed.</item>
/// <item><c>pg-coordinate URL EXP</c>: opens the coordinator, sets the experiment running, prints "ready", sleeps.</item>
/// <item><c>pg-open URL EXP</c>: prints "ready", waits for a line on stdin, opens the coordinator, prints "opened".</item>
/// <item><c>pg-read URL</c>: opens a reader and prints "ok NAME", or "error: MESSAGE" (exit code 3).</item>
/// </list>
/// Any other failure goes to stderr with exit code 1, so tests can assert that no process got an error.
/// </summary>
internal static class PostgresHelperMain
{
    public static int Run(string[] args)
    {
        try
        {
            return args[0] switch
            {
                "pg-drain" => Drain(PostgresLocation.Parse(args[1]), args[2], args[3]),
                "pg-hold" => Hold(PostgresLocation.Parse(args[1]), args[2], args[3]),
                "pg-coordinate" => Coordinate(PostgresLocation.Parse(args[1]), args[2]),
                "pg-open" => OpenOnSignal(PostgresLocation.Parse(args[1]), args[2]),
                "pg-read" => Read(PostgresLocation.Parse(args[1])),
                _ => throw new ArgumentException($"unknown helper {args[0]}"),
            };
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e.ToString());
            return 1;
        }
    }

    private static int Drain(PostgresLocation at, string experiment, string worker)
    {
        using var store = PostgresTrialStore.OpenWorker(at, experiment);
        store.Heartbeat(worker, null); // opens the pool's first connection before the start signal
        Say("ready");
        Console.ReadLine();
        while (store.Claim(worker) is { } claim)
        {
            Say($"claimed {claim.TrialId} {claim.Attempt}");
            var curve = JsonSerializer.Serialize(new { reported_by = worker });
            store.Report(claim, TrialOutcome.Completed(PgSamples.Metrics(0.5, curve: curve)));
            Say($"reported {claim.TrialId}");
        }
        return 0;
    }

    private static int Hold(PostgresLocation at, string experiment, string worker)
    {
        using var store = PostgresTrialStore.OpenWorker(at, experiment);
        var claim = store.Claim(worker) ?? throw new InvalidOperationException("the queue was empty");
        Say($"claimed {claim.TrialId} {claim.Attempt}");
        while (true)
        {
            if (!store.Heartbeat(worker, claim)) Say("lost");
            Thread.Sleep(100);
        }
    }

    private static int Coordinate(PostgresLocation at, string experiment)
    {
        using var store = PostgresTrialStore.OpenCoordinator(at, PgSamples.Identity(experiment), force: false);
        store.SetStatus(ExperimentStatus.Running);
        Say("ready");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    private static int OpenOnSignal(PostgresLocation at, string experiment)
    {
        Say("ready");
        Console.ReadLine();
        using var store = PostgresTrialStore.OpenCoordinator(at, PgSamples.Identity(experiment), force: false);
        Say("opened");
        return 0;
    }

    private static int Read(PostgresLocation at)
    {
        try
        {
            using var store = PostgresTrialStore.OpenReadOnly(at, null);
            Say($"ok {store.GetExperiment().Name}");
            return 0;
        }
        catch (TrialStoreException e)
        {
            Say($"error: {e.Message}");
            return 3;
        }
    }

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
