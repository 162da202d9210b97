namespace NasLab.Search.Config.Sections;

/// <summary>Parses <c>latency</c>; <c>threads</c> is only written for the custom device.</summary>
internal static class LatencySection
{
    public static readonly string[] Keys = ["device", "threads", "mode", "runs", "warmup_runs", "verify_every"];

    public static LatencyConfig Parse(MappingReader? s)
    {
        var d = LatencyConfig.Defaults;
        if (s is null) return d;
        var device = s.Choice("device", Choices.LatencyDevices) ?? d.Device;
        int threads;
        if (device == LatencyDevice.Custom)
        {
            threads = s.Integer("threads", 1, 256) ?? throw s.Error("device", "device: custom needs threads (1 to 256)");
        }
        else
        {
            threads = LatencyConfig.PresetThreads(device);
            if (s.Has("threads"))
            {
                throw s.Error("threads", $"is fixed to {threads} by device '{Choices.LatencyDevices.NameOf(device)}'; " +
                                         "use device: custom to choose the thread count");
            }
        }
        var mode = s.Choice("mode", Choices.LatencyModes) ?? d.Mode;
        if (s.Has("verify_every") && mode != LatencyMode.LutVerify)
            throw s.Error("verify_every", $"only applies to mode: lut+verify (the mode is '{Choices.LatencyModes.NameOf(mode)}')");
        return new LatencyConfig(
            device,
            threads,
            mode,
            s.Integer("runs", 1, 10_000) ?? d.Runs,
            s.Integer("warmup_runs", 0, 10_000) ?? d.WarmupRuns,
            s.Integer("verify_every", 1, 1_000_000) ?? d.VerifyEvery);
    }
}
