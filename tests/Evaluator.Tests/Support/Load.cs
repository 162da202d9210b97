namespace NasLab.Evaluator.Tests;

/// <summary>The machine's load average, printed next to timings so contended runs can be recognised.</summary>
public static class Load
{
    public static string Average => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
