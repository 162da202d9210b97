using NasLab.Search.Store.LiteDb;
using NasLab.Search.Store;

namespace NasLab.Tests.Support;

/// <summary>
/// Entry point of the test assembly when it is run as a program (see the csproj): the search kill tests start
/// <c>dotnet NasLab.Tests.dll search &lt;yaml&gt; &lt;latency cache&gt;</c>, a real search to be killed mid-trial;
/// <c>dotnet NasLab.Tests.dll naslab &lt;command...&gt;</c> runs the naslab command line (coordinator, workers).
/// </summary>
public static class StoreWriterHelper
{
    public static int Main(string[] args) => args switch
    {
        ["search", var yaml, var cache] => Search(yaml, cache),
        ["naslab", .. var command] => NasLab.Cli.Commands.NasLabApp.Run(command, Console.Out, Console.Error),
        _ => 64,
    };

    private static int Search(string yaml, string cache)
    {
        NasLab.Search.Loop.SearchSession.Start(yaml, force: false, NasLab.Search.Loop.NullSearchObserver.Instance, CancellationToken.None, latencyCacheDirectory: cache);
        return 0;
    }
}
