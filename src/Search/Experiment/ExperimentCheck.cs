using NasLab.Search.Loop;
using NasLab.Search.Config;
using NasLab.Search.Rewards;
using NasLab.Evaluator;
using NasLab.Evaluator.Training;

namespace NasLab.Search.Experiment;

/// <summary>
/// Everything a search checks before it writes anything, shared by <c>validate</c> and <c>search</c>/<c>resume</c>
/// so a file <c>validate</c> accepts never fails later for a reason the file could have told: the output
/// directory, the reward's finiteness, the data's existence and size against <c>validation_size</c> and
/// <c>train_subset</c>, and the search-space overrides. Reads the training files, writes nothing.
/// </summary>
public static class ExperimentCheck
{
    /// <param name="source">The configuration's name in messages (the YAML path, or the stored file of a resumed experiment).</param>
    /// <exception cref="ConfigException">The first problem found, naming the file, the field and the allowed values.</exception>
    public static ExperimentInputs Run(ExperimentConfig config, string source)
    {
        OutputDirectory.Check(config, source);
        if (RewardRange.Problem(config.Reward.TargetMs, config.Reward.Alpha, config.Reward.Beta) is { } reward)
            throw new ConfigException(source, null, "reward.target_ms", reward);

        ExperimentData data;
        ImageDataset trainFiles;
        try
        {
            data = ExperimentData.Open(config.Dataset);
            trainFiles = data.Source.LoadTrain();
        }
        catch (Exception e) when (e is DatasetNotFoundException or DataFormatException)
        {
            throw new ConfigException(source, null, "dataset.path", e.Message);
        }
        CheckSplit(config, trainFiles, source);

        var space = ExperimentSpace.Create(config.SearchSpace, config.Dataset.Resolution, trainFiles.ClassCount, source);
        ProxyTrainer trainer;
        try { trainer = new ProxyTrainer(trainFiles, SearchSession.ProxyOptions(config)); }
        catch (ArgumentException e)
        {
            // CheckSplit covers the sizes; anything else the trainer refuses is still the file's doing.
            throw new ConfigException(source, null, "proxy_training", e.Message);
        }
        return new ExperimentInputs(data, trainFiles, space, trainer);
    }

    /// <summary>The loader checked the split against the official training set; the files found may hold fewer images.</summary>
    private static void CheckSplit(ExperimentConfig config, ImageDataset trainFiles, string source)
    {
        var d = config.Dataset;
        var batch = config.ProxyTraining.BatchSize;
        var count = trainFiles.Count;
        if (d.ValidationSize >= count)
            throw new ConfigException(source, null, "dataset.validation_size",
                $"{d.ValidationSize} is out of range; the training files in {trainFiles.Source} hold {count} images; allowed values: 1 to {count - 1}");
        var remaining = count - d.ValidationSize;
        if (d.TrainSubset is int subset && (subset > remaining || subset < batch))
            throw new ConfigException(source, null, "dataset.train_subset",
                $"{subset} is out of range; {count} training images minus validation_size {d.ValidationSize} leave {remaining}, " +
                $"and a subset needs at least one batch (proxy_training.batch_size {batch}); allowed values: {batch} to {remaining}");
        if (d.TrainSubset is null && remaining < batch)
            throw new ConfigException(source, null, "proxy_training.batch_size",
                $"{batch} is more than the {remaining} training images left after validation_size {d.ValidationSize}; allowed values: 1 to {remaining}");
    }
}
