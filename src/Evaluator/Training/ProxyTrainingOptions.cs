namespace NasLab.Evaluator.Training;

/// <summary>
/// The cheap budget every sampled child gets before it is scored on the validation split. The proxy knobs
/// (<see cref="WidthMultiplier"/>, <see cref="InputResolution"/>, <see cref="TrainingSubsetSize"/>,
/// <see cref="TimeLimit"/>) shrink the work; the <see cref="Recipe"/> is the optimisation itself.
/// </summary>
public sealed record ProxyTrainingOptions
{
    public TrainingRecipe Recipe { get; init; } = new();
    /// <summary>Images held out of the training files to score children; the same images for every child.</summary>
    public int ValidationSize { get; init; } = 5000;
    /// <summary>Stratified subset of the remaining training images; null = all of them.</summary>
    public int? TrainingSubsetSize { get; init; }
    /// <summary>Seeds the validation split and training subset. Separate from <see cref="TrainingRecipe.Seed"/> so
    /// every child, whatever its training seed, is scored on the same validation images.</summary>
    public ulong SplitSeed { get; init; }
    /// <summary>Square input side the child is trained at (images resized by the loader); null = the architecture's own.</summary>
    public int? InputResolution { get; init; }
    /// <summary>Channel multiplier applied to the child for the proxy (NetworkScaling.Width); 1 = as sampled.</summary>
    public double WidthMultiplier { get; init; } = 1.0;
    /// <summary>
    /// Training stops at the first step boundary after this much wall time since the trial started; the child is
    /// still scored (status completed, <see cref="TrainingResult.TimeLimitReached"/> set). Null = no limit.
    /// </summary>
    public TimeSpan? TimeLimit { get; init; }
    /// <summary>Score the validation split after every epoch for the curve (costs about a validation pass per epoch);
    /// false = only after the last one, which is the score either way.</summary>
    public bool ValidateEveryEpoch { get; init; } = true;

    public void Validate()
    {
        const string owner = nameof(ProxyTrainingOptions);
        ArgumentNullException.ThrowIfNull(Recipe, $"{owner}.{nameof(Recipe)}");
        Recipe.Validate($"{owner}.{nameof(Recipe)}");
        OptionCheck.AtLeast(owner, nameof(ValidationSize), ValidationSize, 1);
        if (TrainingSubsetSize is int s) OptionCheck.AtLeast(owner, nameof(TrainingSubsetSize), s, Recipe.BatchSize);
        if (InputResolution is int r) OptionCheck.AtLeast(owner, nameof(InputResolution), r, 8);
        OptionCheck.Positive(owner, nameof(WidthMultiplier), WidthMultiplier);
        if (TimeLimit is TimeSpan t && t <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException($"{owner}.{nameof(TimeLimit)}", t, $"{owner}.{nameof(TimeLimit)} must be positive or null (no limit), got {t}.");
    }
}
