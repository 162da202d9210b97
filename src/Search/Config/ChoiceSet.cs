namespace NasLab.Search.Config;

/// <summary>
/// The closed list of spellings a YAML field accepts for an enum, in the order they are shown to users.
/// Keeping the spelling table next to the enum (rather than using enum names) lets YAML use
/// names such as <c>lut+verify</c> or <c>fashion-mnist</c> that are not C# identifiers.
/// </summary>
public sealed class ChoiceSet<T> where T : struct, Enum
{
    private readonly (string Name, T Value)[] _entries;

    public ChoiceSet(params (string Name, T Value)[] entries) => _entries = entries;

    public IReadOnlyList<string> Names => _entries.Select(e => e.Name).ToArray();

    public bool TryParse(string text, out T value)
    {
        foreach (var (name, v) in _entries)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }
        value = default;
        return false;
    }

    public string NameOf(T value)
    {
        foreach (var (name, v) in _entries)
        {
            if (EqualityComparer<T>.Default.Equals(v, value)) return name;
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, $"no YAML name registered for {typeof(T).Name}.{value}");
    }
}
