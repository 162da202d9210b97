namespace NasLab.Evaluator;

/// <summary>
/// Indices into the training files: the part used for training child networks and the held-out part
/// used to score them. Both sorted, disjoint. The official test files never appear here.
/// </summary>
public sealed record TrainValidationSplit(int[] TrainIndices, int[] ValidationIndices, ulong Seed)
{
    /// <summary>
    /// Carves a stratified validation split of <paramref name="validationSize"/> images out of the training files.
    /// </summary>
    public static TrainValidationSplit Create(ImageDataset trainFiles, int validationSize, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(trainFiles);
        if (trainFiles.Partition == DatasetPartition.Test)
            throw new InvalidOperationException(
                $"Refusing to carve a validation split from the test files ({trainFiles.Source}): validation comes from the training files; the test split is for final reports only.");
        if (validationSize <= 0 || validationSize >= trainFiles.Count)
            throw new ArgumentOutOfRangeException(nameof(validationSize), validationSize,
                $"Validation size must be between 1 and {trainFiles.Count - 1} for {trainFiles.Count} training images.");
        var (validation, train) = StratifiedSampler.Select(trainFiles.Labels, Enumerable.Range(0, trainFiles.Count).ToArray(), validationSize, seed);
        return new TrainValidationSplit(train, validation, seed);
    }

    /// <summary>As <see cref="Create(ImageDataset,int,ulong)"/> with a fraction of the training files (rounded to nearest).</summary>
    public static TrainValidationSplit CreateFraction(ImageDataset trainFiles, double validationFraction, ulong seed)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "Fraction must be in (0, 1).");
        return Create(trainFiles, (int)Math.Round(trainFiles.Count * validationFraction, MidpointRounding.AwayFromZero), seed);
    }

    /// <summary>
    /// A stratified subset of the training part (for cheap proxy training), seeded. Validation is unchanged so
    /// scores stay comparable across proxy budgets.
    /// </summary>
    public TrainValidationSplit WithTrainingSubset(ImageDataset trainFiles, int trainCount, ulong subsetSeed)
    {
        var (subset, _) = StratifiedSampler.Select(trainFiles.Labels, TrainIndices, trainCount, subsetSeed);
        return this with { TrainIndices = subset };
    }
}
