using System.Diagnostics;

namespace NasLab.Tests.Support;

/// <summary>
/// Starts this test assembly as a program (<see cref="StoreWriterHelper"/>) in its own process, so a test can
/// kill a real writer with SIGKILL and see what the operating system leaves behind.
/// </summary>
internal static class HelperProcess
{
    public static Process Start(params string[] args) => Start(null, args);

    /// <summary>Starts the helper with extra environment variables (for example a private latency cache).</summary>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.ArgumentList.Add(typeof(StoreWriterHelper).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }
}
