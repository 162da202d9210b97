namespace NasLab.Search.Config;

/// <summary>
/// A problem in an experiment file that the user must fix. The message always has the shape
/// <c>file:line:col: field.path: problem</c> so editors and terminals can jump to the spot.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string source, SourceLocation? location, string? fieldPath, string problem)
        : base(Format(source, location, fieldPath, problem))
    {
        Source = source;
        Location = location;
        FieldPath = fieldPath;
        Problem = problem;
    }

    /// <summary>Name of the configuration source (file path as the user gave it).</summary>
    public new string Source { get; }

    public SourceLocation? Location { get; }

    /// <summary>Dotted path of the offending field, e.g. <c>reward.constraint</c>; null for whole-file problems.</summary>
    public string? FieldPath { get; }

    /// <summary>The problem without the location prefix.</summary>
    public string Problem { get; }

    private static string Format(string source, SourceLocation? location, string? fieldPath, string problem)
    {
        var where = location?.ToString() ?? source;
        return fieldPath is null ? $"{where}: {problem}" : $"{where}: {fieldPath}: {problem}";
    }
}
