namespace NasLab.Evaluator;

/// <summary>Reads the class-name lists shipped with CIFAR (batches.meta.txt, fine_label_names.txt): one name a line.</summary>
public static class ClassNamesFile
{
    /// <summary>Returns the names, or null when the file does not exist (names are optional metadata).</summary>
    public static IReadOnlyList<string>? TryRead(string path, int expectedCount)
    {
        if (!File.Exists(path)) return null;
        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length != expectedCount)
            throw new DataFormatException(path, 0, $"expected {expectedCount} class names, one a line, found {names.Length}.");
        return names;
    }
}
