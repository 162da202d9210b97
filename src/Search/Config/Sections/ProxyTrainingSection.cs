namespace NasLab.Search.Config.Sections;

/// <summary>Parses <c>proxy_training</c>.</summary>
internal static class ProxyTrainingSection
{
    public static readonly string[] Keys =
    [
        "epochs", "batch_size", "lr", "momentum", "nesterov", "weight_decay", "warmup_epochs",
        "label_smoothing", "width_multiplier", "time_limit_seconds", "device",
    ];

    public static ProxyTrainingConfig Parse(MappingReader? s)
    {
        var d = ProxyTrainingConfig.Defaults;
        if (s is null) return d;

        var epochs = s.Integer("epochs", 1, 1000) ?? d.Epochs;
        var momentum = s.Number("momentum", NumberRange.UnitOpenAbove) ?? d.Momentum;
        var nesterov = s.Bool("nesterov") ?? d.Nesterov;
        if (nesterov && momentum == 0)
        {
            // Nesterov momentum with zero momentum is meaningless and rejected by the optimizer later.
            throw s.Error(s.Has("nesterov") ? "nesterov" : "momentum", "nesterov: true needs momentum > 0");
        }
        var warmup = s.Integer("warmup_epochs", 0, 1000) ?? d.WarmupEpochs;
        if (warmup >= epochs)
        {
            // The recipe warms up and then decays: a warm-up of the whole run leaves no decay (the trainer refused it
            // with its own option name, found by the fuzz test). Say it here, in the file's terms.
            throw s.Error(s.Has("warmup_epochs") ? "warmup_epochs" : "epochs",
                $"warmup_epochs {warmup} is out of range for epochs {epochs}; allowed values: 0 to {epochs - 1} (fewer than epochs)");
        }

        var device = s.String("device") ?? d.Device;
        try
        {
            NasLab.SearchSpace.Engine.EngineDevice.Resolve(device);
        }
        catch (ArgumentException e)
        {
            throw s.Error("device", e.Message);
        }

        return new ProxyTrainingConfig(
            Epochs: epochs,
            BatchSize: s.Integer("batch_size", 1, 4096) ?? d.BatchSize,
            Lr: s.Number("lr", new NumberRange(0, false, 10, true)) ?? d.Lr,
            Momentum: momentum,
            Nesterov: nesterov,
            WeightDecay: s.Number("weight_decay", new NumberRange(0, true, 1, false)) ?? d.WeightDecay,
            WarmupEpochs: warmup,
            LabelSmoothing: s.Number("label_smoothing", NumberRange.UnitOpenAbove) ?? d.LabelSmoothing,
            WidthMultiplier: s.Number("width_multiplier", new NumberRange(0, false, 4, true)) ?? d.WidthMultiplier,
            // Bounded so the limit is a TimeSpan the trainer takes: 1e20 s overflowed it (an internal error) and
            // 1e-300 s rounded to zero, which the trainer refused under its own option name (both found by the fuzz test).
            TimeLimitSeconds: s.Number("time_limit_seconds", NumberRange.Between(0.001, DurationText.Longest.TotalSeconds)),
            Device: device.Trim().ToLowerInvariant());
    }
}
