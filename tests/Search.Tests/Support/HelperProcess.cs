using System.Collections.Concurrent;
using System.Diagnostics;

namespace NasLab.Search.Tests.Support;

/// <summary>
/// This test assembly started as a program (<see cref="HelperMain"/>) in its own process, so a test can kill a
/// real writer with SIGKILL and see what the operating system leaves behind. Collects the lines it prints.
/// </summary>
internal sealed class HelperProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly Task _stdout;

    private HelperProcess(Process process)
    {
        _process = process;
        _stderr = process.StandardError.ReadToEndAsync();
        _stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line) Lines.Enqueue(line);
        });
    }

    /// <summary>Every line printed so far, in order.</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    public bool HasExited => _process.HasExited;

    public static HelperProcess Start(params string[] args) => new(StartProcess(null, args));

    /// <summary>
    /// Starts this test assembly as a program (<see cref="HelperMain"/> dispatches on <paramref name="args"/>) with
    /// its standard streams redirected; <paramref name="environment"/> sets variables (null removes one).
    /// </summary>
    public static Process StartProcess(IReadOnlyDictionary<string, string?>? environment, IEnumerable<string> args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(HelperMain).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        return Process.Start(start)!;
    }

    /// <summary>Waits (generously: the machine is shared) until at least <paramref name="count"/> lines arrived.</summary>
    public void WaitForLines(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (Lines.Count < count)
        {
            if (_process.HasExited && _stdout.IsCompleted && Lines.Count < count)
                throw new InvalidOperationException($"helper exited with {_process.ExitCode} after {Lines.Count} lines: {_stderr.Result}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"helper printed {Lines.Count} of {count} lines");
            Thread.Sleep(5);
        }
    }

    /// <summary>SIGKILL: no finalizers, no rollback, no cleanup. Returns everything it printed.</summary>
    public IReadOnlyList<string> Kill()
    {
        if (!_process.HasExited) _process.Kill();
        if (!_process.WaitForExit(30_000)) throw new TimeoutException("killed helper did not exit");
        _stdout.Wait(30_000);
        return Lines.ToList();
    }

    /// <summary>Waits for a normal exit and returns its code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) throw new TimeoutException("helper did not finish");
        _stdout.Wait(30_000);
        return _process.ExitCode;
    }

    public string StandardError => _stderr.Wait(TimeSpan.FromSeconds(30)) ? _stderr.Result : "(stderr still open)";

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(); } catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
