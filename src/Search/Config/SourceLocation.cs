namespace NasLab.Search.Config;

/// <summary>A 1-based line/column position inside a named configuration source (usually a file path).</summary>
public sealed record SourceLocation(string Source, int Line, int Column)
{
    public override string ToString() => $"{Source}:{Line}:{Column}";
}
