using NasLab.Search.Store;

namespace NasLab.Tests.Support;

/// <summary>
/// Entry point of the test assembly when it is run as a program (see the csproj): the SIGKILL test starts
/// <c>dotnet NasLab.Tests.dll store-writer &lt;db&gt;</c>, which writes trials with checkpoints forever
/// until it is killed. It prints "ready" once the first trial is committed. The search kill test starts
/// <c>dotnet NasLab.Tests.dll search &lt;yaml&gt; &lt;latency cache&gt;</c>, a real search to be killed mid-trial.
/// <c>hold-running &lt;db&gt;</c> marks a new experiment running with one trial in flight, prints "ready" and then
/// holds the writer lock until it is killed, as a search does while a trial trains.
/// </summary>
public static class StoreWriterHelper
{
    public static int Main(string[] args) => args switch
    {
        ["store-writer", var db] => WriteForever(db),
        ["search", var yaml, var cache] => Search(yaml, cache),
        ["hold-running", var db] => HoldRunning(db),
        _ => 64,
    };

    private static int Search(string yaml, string cache)
    {
        NasLab.Search.Loop.SearchSession.Start(yaml, force: false, NasLab.Search.Loop.NullSearchObserver.Instance, CancellationToken.None, latencyCacheDirectory: cache);
        return 0;
    }

    private static int HoldRunning(string db)
    {
        using var store = TrialStore.Create(db, Samples.Identity);
        store.SetStatus(ExperimentStatus.Running);
        store.BeginTrial(Samples.Proposal(1));
        Console.Out.WriteLine("ready");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    private static int WriteForever(string db)
    {
        using var store = TrialStore.Create(db, Samples.Identity);
        for (var i = 1; ; i++)
        {
            var id = store.BeginTrial(Samples.Proposal(i));
            // Leave the trial "running" for a moment so the kill often lands mid-trial, as in a real search.
            Thread.SpinWait(20_000);
            store.CompleteTrial(id, Samples.Metrics(0.5, 10 + i), Samples.Checkpoint(id));
            if (i == 1) Console.Out.WriteLine("ready");
        }
    }
}
