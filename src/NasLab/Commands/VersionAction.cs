using System.CommandLine;
using System.CommandLine.Invocation;

namespace NasLab.Cli.Commands;

/// <summary>
/// <c>--version</c> prints naslab's own version. The built-in action reports the entry assembly, which is
/// wrong whenever naslab runs hosted (tests, tools), so the number shown could not be trusted.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(NasLabVersion.Current);
        return ExitCodes.Ok;
    }
}
