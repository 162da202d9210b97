namespace NasLab.Evaluator;

/// <summary>
/// A located dataset on disk (files verified to exist) that can load its training files and, separately,
/// its test files. Keeping the two loads apart makes it explicit when code touches the test split,
/// which is reserved for final reports.
/// </summary>
public abstract class DatasetSource
{
    /// <summary>Catalog name: cifar10, cifar100, fashion-mnist or mnist.</summary>
    public abstract string Name { get; }
    /// <summary>Directory the files were found in.</summary>
    public abstract string Directory { get; }
    public abstract ImageDataset LoadTrain();
    /// <summary>The official test files. Use for final reports only, never for search decisions.</summary>
    public abstract ImageDataset LoadTest();
    public override string ToString() => $"{Name} in {Directory}";
}
