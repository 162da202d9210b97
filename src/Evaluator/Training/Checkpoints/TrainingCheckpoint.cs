using NasLab.SearchSpace.Architecture;

namespace NasLab.Evaluator.Training.Checkpoints;

/// <summary>
/// The manifest of a full-training checkpoint (checkpoint.json): which architecture and recipe were being trained,
/// how far (epochs completed and optimizer steps, i.e. the schedule position), the curve so far, and the files
/// holding the module state (TorchSharp <c>module.save</c>) and the optimizer state (TorchSharp
/// <c>save_state_dict</c>: options and momentum buffers of the decayed and not-decayed parameter groups).
/// </summary>
public sealed record TrainingCheckpoint
{
    /// <summary>2: TorchSharp state files (format 1 held the former engine's .nlstate / libtorch archives).</summary>
    public const int CurrentFormatVersion = 2;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required NetworkArchitecture Architecture { get; init; }
    public required TrainingRecipe Recipe { get; init; }
    public int CompletedEpochs { get; init; }
    public long Steps { get; init; }
    /// <summary>File names relative to the checkpoint directory.</summary>
    public required string ModelFile { get; init; }
    public required string OptimizerFile { get; init; }
    public IReadOnlyList<EpochMetrics> Curve { get; init; } = [];
    public DateTime SavedAtUtc { get; init; }
}
