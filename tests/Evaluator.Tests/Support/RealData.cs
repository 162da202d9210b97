namespace NasLab.Evaluator.Tests;

/// <summary>Locates the real datasets on this machine, or explains why a test cannot run.</summary>
public static class RealData
{
    public static string? Cifar10SubsetDirectory =>
        DefaultDatasetResolver.FindUpward(DefaultDatasetResolver.Cifar10SubsetRelativePath, Environment.CurrentDirectory, AppContext.BaseDirectory);

    public static bool FashionMnistInstalled =>
        File.Exists(Path.Combine(DatasetCatalog.DebianFashionMnistDirectory, "train-images-idx3-ubyte.gz"));

    private static readonly Lazy<ImageDataset?> CifarTrain = new(() =>
        Cifar10SubsetDirectory is { } d ? DatasetCatalog.Open("cifar10", d).LoadTrain() : null);

    /// <summary>The CIFAR-10 subset's training files, loaded once per test run (null when absent).</summary>
    public static ImageDataset? Cifar10SubsetTrain => CifarTrain.Value;

    public const string CifarMissing = "SKIPPED: CIFAR-10 subset not found (looked upward for shared/data/cifar10-subset).";
    public const string FashionMissing = "SKIPPED: Fashion-MNIST not installed (apt-get install dataset-fashion-mnist).";
}
