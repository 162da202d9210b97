namespace NasLab.Search.Config;

/// <summary>
/// The dataset and how its official training set is split: <see cref="ValidationSize"/> images are
/// held out (chosen with <see cref="SplitSeed"/>) to score architectures; the proxy training uses
/// <see cref="TrainSubset"/> of the rest, or all of it when null.
/// </summary>
public sealed record DatasetConfig(
    DatasetName Name,
    string Path,
    int ValidationSize,
    int? TrainSubset,
    int Resolution,
    int SplitSeed)
{
    public const int DefaultValidationSize = 5000;
    public const int DefaultSplitSeed = 0;

    /// <summary>Size of the official training split, which validation and train subset are carved from.</summary>
    public static int TrainSetSize(DatasetName name) => name switch
    {
        DatasetName.Cifar10 or DatasetName.Cifar100 => 50_000,
        DatasetName.FashionMnist or DatasetName.Mnist => 60_000,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>Side length of the images as distributed; the default resolution.</summary>
    public static int NativeResolution(DatasetName name) => name switch
    {
        DatasetName.Cifar10 or DatasetName.Cifar100 => 32,
        DatasetName.FashionMnist or DatasetName.Mnist => 28,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static string DefaultPath(DatasetName name) => $"data/{Choices.Datasets.NameOf(name)}";
}
