namespace NasLab.Search.Config;

/// <summary>Which search space to explore, plus user overrides of its defaults.</summary>
public sealed record SearchSpaceConfig(SearchSpaceKind Kind, SearchSpaceOverrides Overrides);

/// <summary>
/// Overrides of a search space's built-in definition. Only the shape is checked here
/// (choices: a mapping of lists, blocks: a list of mappings, stem and cells: mappings); the contents are
/// kept as located data so the search-space component can report precise errors when it applies them.
/// </summary>
public sealed record SearchSpaceOverrides(OverrideMap? Choices, OverrideList? Blocks, OverrideMap? Stem, OverrideMap? Cells = null)
{
    public static readonly SearchSpaceOverrides None = new(null, null, null);

    public bool IsEmpty => Choices is null && Blocks is null && Stem is null && Cells is null;

    /// <summary>Where the first override given is, for errors the space raises when it applies them.</summary>
    public SourceLocation? Location => Choices?.Location ?? Blocks?.Location ?? Stem?.Location ?? Cells?.Location;
}
