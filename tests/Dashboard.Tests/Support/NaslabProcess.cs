using System.Diagnostics;
using System.Text;

namespace NasLab.Dashboard.Tests.Support;

/// <summary>A naslab command running in its own process, its output collected as it comes.</summary>
internal sealed class NaslabProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NaslabProcess(Process process) => _process = process;

    public static NaslabProcess Start(params string[] args) => Start(null, args);

    /// <summary>Starts naslab with extra environment variables (for example a private latency cache).</summary>
    public static NaslabProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.ArgumentList.Add(typeof(NaslabMain).Assembly.Location);
        start.ArgumentList.Add("naslab");
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = new NaslabProcess(Process.Start(start)!);
        process._process.OutputDataReceived += (_, e) => { if (e.Data is null) return; lock (process._output) process._output.AppendLine(e.Data); process._firstLine.TrySetResult(e.Data); };
        process._process.ErrorDataReceived += (_, e) => { if (e.Data is null) return; lock (process._output) process._output.AppendLine(e.Data); };
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The address a dashboard prints on its first line.</summary>
    public Uri DashboardAddress()
    {
        if (!_firstLine.Task.Wait(TimeSpan.FromMinutes(1))) throw new InvalidOperationException($"the dashboard printed nothing: {Output}");
        var url = _firstLine.Task.Result.Split(' ').FirstOrDefault(w => w.StartsWith("http://", StringComparison.Ordinal))
                  ?? throw new InvalidOperationException($"the dashboard did not start: {Output}");
        return new Uri(url);
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit((int)timeout.TotalMilliseconds);

    public void Dispose()
    {
        if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(); }
        _process.Dispose();
    }
}
