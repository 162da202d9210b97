namespace NasLab.Dashboard.Tests.Support;

/// <summary>
/// Entry point of the test assembly run as a program: <c>dotnet NasLab.Dashboard.Tests.dll naslab ARGS...</c> runs
/// the naslab command line, so a test can start a real search and a real dashboard as their own processes.
/// </summary>
public static class NaslabMain
{
    public static int Main(string[] args) => args is ["naslab", .. var command]
        ? NasLab.Cli.Commands.NasLabApp.Run(command, Console.Out, Console.Error)
        : 64;
}
