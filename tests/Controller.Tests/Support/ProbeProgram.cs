namespace NasLab.Controller.Tests.Support;

/// <summary>
/// Entry point of the test assembly when started as a child process (`dotnet exec`), for the
/// resumption tests that must restore a strategy in a fresh process.
/// </summary>
public static class ProbeProgram
{
    public static int Main(string[] args)
    {
        switch (Environment.GetEnvironmentVariable("NASLAB_CONTROLLER_PROBE"))
        {
            case "resume":
                return ResumeProbe.Run(args);
            case "reach":
                return ReachProbe.Run(args);
            default:
                Console.WriteLine("NasLab.Controller.Tests: run with dotnet test.");
                return 0;
        }
    }
}
