using System.Diagnostics;

namespace NasLab.Search.Tests.Support;

/// <summary>
/// Starts this test assembly as a program (<see cref="PostgresHelperMain"/>) in its own process, so a test has
/// real separate processes contend for the queue and can kill one with SIGKILL.
/// </summary>
internal static class PostgresHelperProcess
{
    public static Process Start(IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        HelperProcess.StartProcess(environment, args);

    public static Process Start(params string[] args) => Start(null, args);

    /// <summary>Kills with SIGKILL (no handler runs, nothing is flushed or closed by the process) and waits for the end.</summary>
    public static void KillHard(Process process)
    {
        if (!process.HasExited) process.Kill(entireProcessTree: false);
        if (!process.WaitForExit(30_000)) throw new TimeoutException($"process {process.Id} did not die within 30 s of SIGKILL");
    }
}
