namespace NasLab.Search.Config;

/// <summary>
/// Where and how latency is obtained. <see cref="Threads"/> is implied by the preset devices
/// and given explicitly only for <c>custom</c>. <see cref="Runs"/> timed runs follow
/// <see cref="WarmupRuns"/> untimed ones; the median is reported. With <c>lut+verify</c>, about one trial in
/// <see cref="VerifyEvery"/> is also measured in full (chosen by architecture hash, so the same networks on every
/// worker and every resume); its reward still uses the estimate, so all trials are ranked on one scale.
/// </summary>
public sealed record LatencyConfig(LatencyDevice Device, int Threads, LatencyMode Mode, int Runs, int WarmupRuns, int VerifyEvery = LatencyConfig.DefaultVerifyEvery)
{
    public const int DefaultVerifyEvery = 10;

    public static readonly LatencyConfig Defaults = new(LatencyDevice.Cpu1Thread, 1, LatencyMode.Lut, Runs: 20, WarmupRuns: 5);

    /// <summary>The thread count a preset device implies (<c>custom</c> has none: its threads are given).</summary>
    public static int PresetThreads(LatencyDevice device) => device switch
    {
        LatencyDevice.Cpu1Thread => 1,
        LatencyDevice.Cpu2Threads => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(device), device, "a custom device has no preset thread count"),
    };
}
