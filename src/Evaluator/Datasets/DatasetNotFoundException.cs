namespace NasLab.Evaluator;

/// <summary>
/// A dataset's files are not where they were looked for. The message lists the directories
/// searched, every expected file, which ones are missing, and how to obtain them.
/// </summary>
public sealed class DatasetNotFoundException : Exception
{
    public string DatasetName { get; }
    public IReadOnlyList<string> MissingFiles { get; }

    public DatasetNotFoundException(string datasetName, IReadOnlyList<string> missingFiles, string message, Exception? inner = null)
        : base(message, inner)
    {
        DatasetName = datasetName;
        MissingFiles = missingFiles;
    }
}
