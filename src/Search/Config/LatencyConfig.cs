using NasLab.LatencyOracle.Remote;

namespace NasLab.Search.Config;

/// <summary>
/// Where and how latency is obtained. <see cref="Threads"/> is implied by the preset devices
/// and given explicitly only for <c>custom</c>. <see cref="Runs"/> timed runs follow
/// <see cref="WarmupRuns"/> untimed ones; the median is reported. With <c>lut+verify</c>, about one trial in
/// <see cref="VerifyEvery"/> is also measured in full (chosen by architecture hash, so the same networks on every
/// worker and every resume); its reward still uses the estimate, so all trials are ranked on one scale.
/// <para>
/// <c>device: remote:HOST:PORT</c>, or a list of them (a farm of identical boards), measures on device agents
/// (<c>naslab device-agent</c>) with <see cref="Threads"/> threads there (default 1), authenticated by the first line
/// of <see cref="TokenFile"/>; a measurement waits at most <see cref="AgentTimeout"/> for an agent.
/// </para>
/// </summary>
public sealed record LatencyConfig(LatencyDevice Device, int Threads, LatencyMode Mode, int Runs, int WarmupRuns, int VerifyEvery = LatencyConfig.DefaultVerifyEvery)
{
    public const int DefaultVerifyEvery = 10;

    /// <summary>The agents of a remote device (empty for this machine's presets and custom).</summary>
    public IReadOnlyList<AgentAddress> Agents { get; init; } = [];

    /// <summary>The file holding the agents' token (remote only; relative paths from the working directory).</summary>
    public string? TokenFile { get; init; }

    /// <summary>How long one measurement may wait for an agent (remote only; null: twice the time cap plus a minute).</summary>
    public TimeSpan? AgentTimeout { get; init; }

    public static readonly LatencyConfig Defaults = new(LatencyDevice.Cpu1Thread, 1, LatencyMode.Lut, Runs: 20, WarmupRuns: 5);

    // Agents is a list: compare it by content, so a config read back from its printed YAML equals the original.
    public bool Equals(LatencyConfig? other) =>
        other is not null && Device == other.Device && Threads == other.Threads && Mode == other.Mode && Runs == other.Runs &&
        WarmupRuns == other.WarmupRuns && VerifyEvery == other.VerifyEvery && Agents.SequenceEqual(other.Agents) &&
        TokenFile == other.TokenFile && AgentTimeout == other.AgentTimeout;

    public override int GetHashCode() => HashCode.Combine(Device, Threads, Mode, Runs, WarmupRuns, VerifyEvery, Agents.Count, TokenFile);

    /// <summary>The thread count a preset device implies (<c>custom</c> has none: its threads are given).</summary>
    public static int PresetThreads(LatencyDevice device) => device switch
    {
        LatencyDevice.Cpu1Thread => 1,
        LatencyDevice.Cpu2Threads => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(device), device, "a custom or remote device has no preset thread count"),
    };
}
