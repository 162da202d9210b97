using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;

namespace NasLab.Search.Tests.Support;

/// <summary>
/// Entry point of the test assembly run as a program (see the csproj): the crash, reader and copy tests start
/// <c>dotnet NasLab.Search.Tests.dll write &lt;db&gt; &lt;seed&gt; &lt;rounds&gt; &lt;padding&gt; &lt;log bytes&gt;</c>, which
/// opens (or creates) the store, prints <c>open &lt;re-queued ids&gt;</c>, runs <see cref="StoreWorkload"/> for
/// <c>rounds</c> rounds (<c>forever</c>: until killed), printing a line after each commit, and prints
/// <c>closed</c> after a clean dispose. Commands starting <c>pg-</c> belong to the PostgreSQL store tests
/// (<see cref="PostgresHelperMain"/>).
/// </summary>
public static class HelperMain
{
    public static int Main(string[] args) => args switch
    {
        [var command, ..] when command.StartsWith("pg-", StringComparison.Ordinal) => PostgresHelperMain.Run(args),
        ["write", var db, var seed, var rounds, var padding, var logBytes] =>
            Write(db, int.Parse(seed), rounds == "forever" ? int.MaxValue : int.Parse(rounds), int.Parse(padding), long.Parse(logBytes)),
        _ => 64,
    };

    private static int Write(string db, int seed, int rounds, int padding, long logBytes)
    {
        var store = File.Exists(db) ? LiteDbTrialStore.Open(db, Samples.Identity.ConfigHash) : LiteDbTrialStore.Create(db, Samples.Identity);
        using (store)
        {
            store.CheckpointLogBytes = logBytes;
            store.SetStatus(ExperimentStatus.Running);
            Print("open " + string.Join(",", store.RequeuedAtOpen));
            StoreWorkload.Run(store, new Random(seed), rounds, padding, Print);
            store.SetStatus(ExperimentStatus.Completed);
        }
        Print("closed");
        return 0;
    }

    private static void Print(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
