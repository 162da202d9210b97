using System.Collections.Concurrent;
using System.Diagnostics;
using NasLab.LatencyOracle.Remote;

namespace NasLab.DeviceAgent.Tests.Support;

/// <summary>
/// A real agent process (this assembly run as <see cref="AgentMain"/>) on loopback, with its stdout lines collected
/// as they come, so a test can wait for "measuring ..." and kill it mid-measurement.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    public const string Token = "test-token-0123456789abcdef";

    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly List<string> _seen = [];

    private AgentProcess(Process process, AgentAddress address) => (_process, Address) = (process, address);

    public AgentAddress Address { get; }

    public int Pid => _process.Id;

    /// <summary>Every stdout line read so far.</summary>
    public IReadOnlyList<string> Lines { get { lock (_seen) return _seen.ToList(); } }

    public static AgentProcess Start(string directory, int maxModelMegabytes = 64, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var tokenFile = Path.Combine(directory, $"token-{Guid.NewGuid():N}");
        File.WriteAllText(tokenFile, Token + "\n");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.ArgumentList.Add(typeof(AgentMain).Assembly.Location);
        start.ArgumentList.Add("agent");
        start.ArgumentList.Add(tokenFile);
        start.ArgumentList.Add(maxModelMegabytes.ToString());
        var process = Process.Start(start)!;
        var lines = new BlockingCollection<string>();
        var stderr = process.StandardError.ReadToEndAsync();
        var first = process.StandardOutput.ReadLine();
        if (first is null || !first.StartsWith("listening on ", StringComparison.Ordinal))
        {
            process.WaitForExit(10_000);
            throw new InvalidOperationException($"the agent did not start: {first} {stderr.Result}");
        }
        var uri = new Uri(first["listening on ".Length..]);
        var agent = new AgentProcess(process, new AgentAddress(uri.Host, uri.Port));
        _ = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                lock (agent._seen) agent._seen.Add(line);
                agent._lines.Add(line);
            }
            agent._lines.CompleteAdding();
        });
        return agent;
    }

    public RemoteLatencyDevice Client(NasLab.LatencyOracle.Latency.MeasurementProtocol? protocol = null, TimeSpan? timeout = null, string token = Token) =>
        new(Address, token, protocol, timeout);

    /// <summary>Blocks until a stdout line starting with <paramref name="prefix"/> arrives (or the process ends, or a minute passes).</summary>
    public string WaitForLine(string prefix)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            foreach (var line in _lines.GetConsumingEnumerable(deadline.Token))
                if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        }
        catch (OperationCanceledException) { }
        throw new InvalidOperationException($"the agent printed no line starting '{prefix}'; it printed: {string.Join(" | ", Lines)}");
    }

    public void Kill() { _process.Kill(); _process.WaitForExit(); }

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString()]);
        kill.WaitForExit();
    }

    /// <summary>SIGTERM, then the exit code.</summary>
    public int Stop()
    {
        Signal("TERM");
        if (!_process.WaitForExit(30_000)) { _process.Kill(); throw new InvalidOperationException("the agent did not stop on SIGTERM"); }
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(); }
        _process.Dispose();
    }
}
