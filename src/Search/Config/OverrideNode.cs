namespace NasLab.Search.Config;

/// <summary>
/// Untyped YAML data kept with its source location, so a later consumer can still say
/// "experiments/x.yaml:14:9: search_space.overrides.blocks[2].filters: ...".
/// </summary>
public abstract record OverrideNode(SourceLocation Location, string FieldPath);

/// <summary>A scalar; <see cref="Quoted"/> tells a string "3" apart from the number 3.</summary>
public sealed record OverrideScalar(string Value, bool Quoted, SourceLocation Location, string FieldPath)
    : OverrideNode(Location, FieldPath);

public sealed record OverrideList(IReadOnlyList<OverrideNode> Items, SourceLocation Location, string FieldPath)
    : OverrideNode(Location, FieldPath);

public sealed record OverrideMap(IReadOnlyList<KeyValuePair<string, OverrideNode>> Entries, SourceLocation Location, string FieldPath)
    : OverrideNode(Location, FieldPath)
{
    public OverrideNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key).Value;
}
