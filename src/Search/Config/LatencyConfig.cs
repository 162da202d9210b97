namespace NasLab.Search.Config;

/// <summary>
/// Where and how latency is obtained. <see cref="Threads"/> is implied by the preset devices
/// and given explicitly only for <c>custom</c>. <see cref="Runs"/> timed runs follow
/// <see cref="WarmupRuns"/> untimed ones; the median is reported.
/// </summary>
public sealed record LatencyConfig(LatencyDevice Device, int Threads, LatencyMode Mode, int Runs, int WarmupRuns)
{
    public static readonly LatencyConfig Defaults = new(LatencyDevice.Cpu1Thread, 1, LatencyMode.Lut, Runs: 20, WarmupRuns: 5);
}
