namespace NasLab.Evaluator;

/// <summary>
/// The file names a dataset needs, how to get them, and the lookup of those files in a directory
/// (or in the sub-folder its official archive extracts to).
/// </summary>
internal sealed record DatasetLayout(string Name, string DisplayName, string? ArchiveFolder,
    IReadOnlyList<string> RequiredFiles, string HowToGet, bool AcceptGzipVariants = false)
{
    /// <summary>Finds the directory holding all required files, or throws a DatasetNotFoundException saying exactly what is missing.</summary>
    public string Locate(string directory)
    {
        string root = Path.GetFullPath(directory);
        var candidates = new List<string> { root };
        if (ArchiveFolder is not null) candidates.Add(Path.Combine(root, ArchiveFolder));

        foreach (var dir in candidates)
            if (RequiredFiles.All(f => Resolve(dir, f) is not null))
                return dir;

        var missing = RequiredFiles.Where(f => Resolve(root, f) is null).Select(f => Path.Combine(root, f)).ToList();
        string expected = string.Join(Environment.NewLine, RequiredFiles.Select(f => "  " + f + (AcceptGzipVariants ? " (or .gz)" : "")));
        string searched = string.Join(" and ", candidates);
        throw new DatasetNotFoundException(Name, missing,
            $"{DisplayName} not found: looked in {searched}.{Environment.NewLine}" +
            $"Expected these files there:{Environment.NewLine}{expected}{Environment.NewLine}" +
            $"Missing in {root}: {string.Join(", ", missing.Select(Path.GetFileName))}.{Environment.NewLine}{HowToGet}");
    }

    /// <summary>Full path of a required file in a directory, accepting a .gz variant where allowed; null when absent.</summary>
    public string? Resolve(string directory, string fileName)
    {
        string plain = Path.Combine(directory, fileName);
        if (File.Exists(plain)) return plain;
        if (AcceptGzipVariants)
        {
            string gz = plain + ".gz";
            if (File.Exists(gz)) return gz;
        }
        return null;
    }

    public string Require(string directory, string fileName) =>
        Resolve(directory, fileName) ?? throw new FileNotFoundException($"Dataset file not found: {Path.Combine(directory, fileName)}");
}
