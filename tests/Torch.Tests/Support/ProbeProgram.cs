namespace NasLab.Torch.Tests.Support;

/// <summary>
/// Entry point of the test assembly when run as a child process (`dotnet exec`), used by tests that
/// need a fresh process: a missing native library, the memory-stability run (RSS of a process that does nothing else).
/// </summary>
public static class ProbeProgram
{
    /// <summary>Runs this assembly as a fresh child process in probe <paramref name="mode"/> and waits for it.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunInChild(string mode, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet", $"exec \"{typeof(ProbeProgram).Assembly.Location}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["NASLAB_TEST_PROBE"] = mode;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        using var p = System.Diagnostics.Process.Start(psi)!;
        // Read stderr concurrently so a full pipe can never block the child.
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    public static int Main()
    {
        switch (Environment.GetEnvironmentVariable("NASLAB_TEST_PROBE"))
        {
            case "missing-native":
                try
                {
                    using var t = Tensor.Ones([1]);
                    Console.WriteLine("unexpectedly loaded");
                    return 0;
                }
                catch (Exception e)
                {
                    Console.WriteLine($"{e.GetType().Name}: {e.Message}");
                    return 3;
                }
            case "memory-steps":
                var (after200, after2000) = MemoryProbe.Run();
                Console.WriteLine($"{after200} {after2000}");
                return 0;
            default:
                Console.WriteLine("NasLab.Torch.Tests: run with dotnet test.");
                return 0;
        }
    }
}
