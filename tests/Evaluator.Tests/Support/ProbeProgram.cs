using System.Diagnostics;

namespace NasLab.Evaluator.Tests;

/// <summary>
/// Entry point of the test assembly when started as a child process (`dotnet exec`), for measurements that need a
/// process doing nothing else: the memory-stability run, whose RSS other tests' allocations must not move.
/// </summary>
public static class ProbeProgram
{
    private const string ModeVariable = "NASLAB_EVALUATOR_PROBE";

    /// <summary>Runs this assembly as a fresh child process in probe <paramref name="mode"/> and waits for it.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunInChild(string mode)
    {
        var psi = new ProcessStartInfo("dotnet", $"exec \"{typeof(ProbeProgram).Assembly.Location}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment[ModeVariable] = mode;
        using var p = Process.Start(psi)!;
        // Read stderr concurrently so a full pipe can never block the child.
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    public static int Main()
    {
        switch (Environment.GetEnvironmentVariable(ModeVariable))
        {
            case MemoryProbe.Mode:
                Console.WriteLine(string.Join(' ', MemoryProbe.Run()));
                return 0;
            default:
                Console.WriteLine("NasLab.Evaluator.Tests: run with dotnet test.");
                return 0;
        }
    }
}
