namespace NasLab.Evaluator.Training;

/// <summary>
/// Builds the loaders a training run reads: images delivered at the network's input resolution (resized by the
/// loader when the stored size differs) with 3 channels (grey replicated), normalized with statistics of the
/// training images only, so nothing about validation or test images leaks into training.
/// </summary>
internal static class InputPipeline
{
    /// <summary>Every built network has a 3-channel RGB stem.</summary>
    public const int NetworkChannels = 3;

    public static SampleGeometry Geometry(ImageDataset dataset, int resolution)
    {
        if (dataset.Channels != 1 && dataset.Channels != NetworkChannels)
            throw new ArgumentException($"Dataset {dataset.Source} has {dataset.Channels} channels; networks take {NetworkChannels} (RGB) or 1 (grey, replicated).");
        return new SampleGeometry(NetworkChannels, resolution, resolution, ResizeMode.Bilinear);
    }

    public static ChannelNormalization Normalization(ImageDataset dataset, IReadOnlyList<int> trainingIndices) =>
        ChannelNormalization.Compute(dataset, trainingIndices).ForChannels(NetworkChannels);

    public static BatchLoader ForTraining(ImageDataset dataset, IReadOnlyList<int> indices, ChannelNormalization normalization,
        int resolution, TrainingRecipe recipe)
    {
        if (indices.Count < recipe.BatchSize)
            throw new ArgumentException($"Only {indices.Count} training images for a batch size of {recipe.BatchSize}: the training loader drops the last short batch, so no step would run. Lower BatchSize or train on more images.");
        return BatchLoader.ForTraining(dataset, indices, normalization, recipe.BatchSize, recipe.Seed,
            recipe.Augmentation ?? new AugmentationOptions(CropPadding: 0, HorizontalFlip: false, CutoutSize: 0),
            Geometry(dataset, resolution), recipe.PrefetchDepth);
    }

    public static BatchLoader ForEvaluation(ImageDataset dataset, IReadOnlyList<int> indices, ChannelNormalization normalization,
        int resolution, TrainingRecipe recipe) =>
        BatchLoader.ForEvaluation(dataset, indices, normalization, recipe.EvaluationBatchSize, Geometry(dataset, resolution), recipe.PrefetchDepth);
}
