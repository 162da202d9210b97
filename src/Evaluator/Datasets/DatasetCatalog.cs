namespace NasLab.Evaluator;

/// <summary>Opens a dataset by name from a directory: cifar10, cifar100, fashion-mnist, mnist.</summary>
public static class DatasetCatalog
{
    public const string DebianFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    public static IReadOnlyList<string> Names { get; } = ["cifar10", "cifar100", "fashion-mnist", "mnist"];

    /// <summary>
    /// Locates the dataset's files in <paramref name="directory"/> (or the sub-folder its official archive
    /// extracts to). Throws <see cref="DatasetNotFoundException"/> naming every expected file when they are
    /// not there. Nothing is read until LoadTrain/LoadTest.
    /// </summary>
    public static DatasetSource Open(string name, string directory, Cifar100LabelKind cifar100Labels = Cifar100LabelKind.Fine)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(directory);
        return Normalize(name) switch
        {
            "cifar10" => new Cifar10Source(directory),
            "cifar100" => new Cifar100Source(directory, cifar100Labels),
            "fashion-mnist" => new IdxSource(IdxSource.FashionLayout, IdxSource.FashionClassNames, directory),
            "mnist" => new IdxSource(IdxSource.MnistLayout, IdxSource.DigitClassNames, directory),
            _ => throw new ArgumentException($"Unknown dataset '{name}'. Known datasets: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>Accepts common spellings: CIFAR-10, cifar_10, FashionMNIST, fashion_mnist...</summary>
    private static string Normalize(string name)
    {
        string n = name.Trim().ToLowerInvariant().Replace("_", "").Replace("-", "");
        return n switch
        {
            "cifar10" => "cifar10",
            "cifar100" => "cifar100",
            "fashionmnist" or "fmnist" => "fashion-mnist",
            "mnist" => "mnist",
            _ => n,
        };
    }
}
