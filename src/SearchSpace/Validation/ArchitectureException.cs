namespace NasLab.SearchSpace.Validation;

/// <summary>An architecture or search-space option is invalid. <see cref="Field"/> names the offending field.</summary>
public sealed class ArchitectureException(string field, string message) : ArgumentException($"{field}: {message}")
{
    public string Field { get; } = field;
}
