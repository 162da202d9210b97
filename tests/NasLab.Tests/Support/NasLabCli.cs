using NasLab.Cli.Commands;

namespace NasLab.Tests.Support;

/// <summary>Runs <c>naslab</c> in process with captured output.</summary>
internal static class NasLabCli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = NasLabApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
