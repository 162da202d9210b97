namespace NasLab.Search.Config.Sections;

/// <summary>Parses <c>evaluation</c>; <c>weight_sharing</c> settings with <c>mode: standalone</c> are an error, not silently ignored.</summary>
internal static class EvaluationSection
{
    public static readonly string[] Keys = ["mode", "weight_sharing"];
    public static readonly string[] WeightSharingKeys =
    [
        "warmup_steps", "rounds", "train_steps", "candidates", "paths", "lr", "recalibration_batches", "validation_images",
        "rerank", "checkpoint_rounds", "grad_clip",
    ];

    public static EvaluationConfig Parse(MappingReader? s)
    {
        if (s is null) return EvaluationConfig.Defaults;
        var mode = s.Choice("mode", Choices.EvaluationModes) ?? EvaluationMode.Standalone;
        if (mode == EvaluationMode.Standalone)
        {
            if (s.Has("weight_sharing"))
                throw s.Error("weight_sharing", "settings for 'weight_sharing' are given but evaluation.mode is 'standalone'; remove them or set evaluation.mode: weight-sharing");
            return EvaluationConfig.Defaults;
        }
        var w = s.Section("weight_sharing", WeightSharingKeys);
        var d = new WeightSharingConfig();
        if (w is null) return new EvaluationConfig(mode, d);
        return new EvaluationConfig(mode, new WeightSharingConfig(
            WarmupSteps: w.Integer("warmup_steps", 0, 10_000_000) ?? d.WarmupSteps,
            Rounds: w.Integer("rounds", 1, 1_000_000) ?? d.Rounds,
            TrainSteps: w.Integer("train_steps", 0, 1_000_000) ?? d.TrainSteps,
            Candidates: w.Integer("candidates", 1, 10_000) ?? d.Candidates,
            Paths: w.Integer("paths", 1, 64) ?? d.Paths,
            Lr: w.Number("lr", new NumberRange(0, false, 10, true)) ?? d.Lr,
            RecalibrationBatches: w.Integer("recalibration_batches", 1, 1000) ?? d.RecalibrationBatches,
            ValidationImages: w.Integer("validation_images", 1, 1_000_000) ?? d.ValidationImages,
            Rerank: w.Integer("rerank", 1, 10_000) ?? d.Rerank,
            CheckpointRounds: w.Integer("checkpoint_rounds", 1, 1_000_000) ?? d.CheckpointRounds,
            GradClip: w.Number("grad_clip", new NumberRange(0, true, 1e6, true)) ?? d.GradClip));
    }
}
