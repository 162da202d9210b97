namespace NasLab.Evaluator;

/// <summary>
/// Which files of a dataset the images came from. Carried by <see cref="ImageDataset"/> so the
/// splitter can refuse to carve a validation split out of the test files.
/// </summary>
public enum DatasetPartition
{
    /// <summary>Built in memory (tests, synthetic data); no provenance to check.</summary>
    Unspecified,
    /// <summary>The official training files; validation splits are carved from these.</summary>
    Train,
    /// <summary>The official test files; only for final reports.</summary>
    Test,
}
