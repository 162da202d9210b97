namespace NasLab.Search.Config.Sections;

/// <summary>Parses <c>dataset</c> and checks the split fits inside the official training set.</summary>
internal static class DatasetSection
{
    public static readonly string[] Keys = ["name", "path", "validation_size", "train_subset", "resolution", "split_seed"];

    public static DatasetConfig Parse(MappingReader? section)
    {
        var name = section?.Choice("name", Choices.Datasets) ?? DatasetName.Cifar10;
        var trainSetSize = DatasetConfig.TrainSetSize(name);
        var datasetName = Choices.Datasets.NameOf(name);

        var path = section?.PathText("path") ?? DatasetConfig.DefaultPath(name);

        var validationSize = section?.Integer("validation_size", 1, trainSetSize - 1) ?? DatasetConfig.DefaultValidationSize;
        var remaining = trainSetSize - validationSize;
        var trainSubset = section?.Integer("train_subset", 1);
        if (trainSubset > remaining)
        {
            throw section!.Error("train_subset",
                $"{trainSubset} is out of range; {datasetName} has {trainSetSize} training images and " +
                $"validation_size takes {validationSize}, so at most {remaining} remain");
        }

        var resolution = section?.Integer("resolution", 8, 512) ?? DatasetConfig.NativeResolution(name);
        var splitSeed = section?.Integer("split_seed", 0) ?? DatasetConfig.DefaultSplitSeed;
        return new DatasetConfig(name, path, validationSize, trainSubset, resolution, splitSeed);
    }
}
