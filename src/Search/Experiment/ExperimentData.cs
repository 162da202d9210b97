using NasLab.Search.Config;
using NasLab.Evaluator;

namespace NasLab.Search.Experiment;

/// <summary>The training files of an experiment's dataset, and where they came from.</summary>
public sealed record ExperimentData(DatasetSource Source, string Description)
{
    /// <summary>The <c>dataset.path</c> value that asks NasLab to find real data by itself.</summary>
    public const string AutoPath = "auto";

    /// <summary>
    /// Opens the dataset of <paramref name="config"/>. With <c>path: auto</c>, the CIFAR-10 subset in
    /// ../shared/data/cifar10-subset is used when it can be found above the working directory, and
    /// Fashion-MNIST from Debian's dataset-fashion-mnist package otherwise, so the quickstart runs on a
    /// fresh machine too. A relative path is taken from the working directory (the one rule for every
    /// path in an experiment file, see <see cref="ExperimentConfig.ExperimentDirectory"/>).
    /// </summary>
    public static ExperimentData Open(DatasetConfig config)
    {
        var name = Choices.Datasets.NameOf(config.Name);
        if (string.Equals(config.Path, AutoPath, StringComparison.OrdinalIgnoreCase))
        {
            var resolved = DefaultDatasetResolver.Resolve();
            return new ExperimentData(resolved.Source, resolved.Description);
        }
        var path = Path.GetFullPath(config.Path);
        return new ExperimentData(DatasetCatalog.Open(name, path), $"{name} at {path}");
    }
}
