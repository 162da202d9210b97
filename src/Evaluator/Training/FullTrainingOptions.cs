namespace NasLab.Evaluator.Training;

/// <summary>
/// Final training of a chosen architecture on all training files, scored once on the test files at the end,
/// with a checkpoint after every epoch in <see cref="CheckpointDirectory"/>.
/// </summary>
public sealed record FullTrainingOptions
{
    public TrainingRecipe Recipe { get; init; } = new() { Epochs = 200, WarmupEpochs = 5 };
    /// <summary>Where checkpoints are written (created if missing); null = no checkpoints.</summary>
    public string? CheckpointDirectory { get; init; }
    /// <summary>Continue from the checkpoint in <see cref="CheckpointDirectory"/> when there is one.</summary>
    public bool Resume { get; init; } = true;
    /// <summary>Stop after this many epochs in this call (null = to the end of the schedule); the schedule still
    /// spans <see cref="TrainingRecipe.Epochs"/>, so a later resume continues it exactly. Used to split long runs.</summary>
    public int? StopAfterEpochs { get; init; }

    public void Validate()
    {
        const string owner = nameof(FullTrainingOptions);
        ArgumentNullException.ThrowIfNull(Recipe, $"{owner}.{nameof(Recipe)}");
        Recipe.Validate($"{owner}.{nameof(Recipe)}");
        if (CheckpointDirectory is { Length: 0 })
            throw new ArgumentException($"{owner}.{nameof(CheckpointDirectory)} must be a directory path or null (no checkpoints), got an empty string.");
        if (StopAfterEpochs is int e) OptionCheck.AtLeast(owner, nameof(StopAfterEpochs), e, 1);
    }
}
