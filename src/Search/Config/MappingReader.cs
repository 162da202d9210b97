using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NasLab.Search.Config;

/// <summary>
/// Typed, located access to one YAML mapping of the experiment file. Every accessor either returns a
/// valid value or throws a <see cref="ConfigException"/> that names file, line, column and field path.
/// Unknown keys are rejected when the reader is created, with a "did you mean" suggestion.
/// </summary>
internal sealed class MappingReader
{
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries;

    private MappingReader(string source, string path, YamlMappingNode node,
        Dictionary<string, (YamlScalarNode Key, YamlNode Value)> entries)
    {
        Source = source;
        Path = path;
        Node = node;
        _entries = entries;
    }

    public string Source { get; }

    /// <summary>Dotted path of this mapping; empty for the document root.</summary>
    public string Path { get; }

    public YamlMappingNode Node { get; }

    public SourceLocation Location => At(Source, Node);

    /// <param name="removedKeys">Keys no longer supported, each with the advice shown to files that still set them.</param>
    public static MappingReader Open(string source, string path, YamlNode node, IReadOnlyList<string> allowedKeys,
        IReadOnlyDictionary<string, string>? removedKeys = null)
    {
        if (node is not YamlMappingNode map)
        {
            throw new ConfigException(source, At(source, node), path.Length == 0 ? null : path,
                $"expected a mapping of {string.Join(", ", allowedKeys)}, got {Describe(node)}");
        }

        var entries = new Dictionary<string, (YamlScalarNode, YamlNode)>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode key || key.Value is null)
            {
                throw new ConfigException(source, At(source, keyNode), path.Length == 0 ? null : path,
                    $"keys must be plain names, got {Describe(keyNode)}");
            }
            var name = key.Value;
            var fieldPath = Join(path, name);
            if (removedKeys is not null && removedKeys.TryGetValue(name, out var advice))
            {
                // Even an explicit null is refused: the file was written for a meaning this key no longer has.
                throw new ConfigException(source, At(source, key), fieldPath, $"removed; {advice}");
            }
            if (!allowedKeys.Contains(name))
            {
                var hint = Suggestions.Closest(name, allowedKeys) is { } s ? $"did you mean '{s}'? " : "";
                throw new ConfigException(source, At(source, key), fieldPath,
                    $"unknown key; {hint}allowed keys: {string.Join(", ", allowedKeys)}");
            }
            if (!entries.TryAdd(name, (key, value)))
            {
                throw new ConfigException(source, At(source, key), fieldPath, "key appears more than once");
            }
        }
        return new MappingReader(source, path, map, entries);
    }

    public static SourceLocation At(string source, YamlNode node) =>
        new(source, (int)node.Start.Line, (int)node.Start.Column);

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s &&
        (string.IsNullOrEmpty(s.Value) || s.Value is "~" or "null" or "Null" or "NULL");

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing (null)",
        YamlScalarNode s => $"'{s.Value}'",
        _ => node.NodeType.ToString(),
    };

    public string FieldPath(string key) => Join(Path, key);

    /// <summary>True when the key is present with a non-null value.</summary>
    public bool Has(string key) => _entries.TryGetValue(key, out var e) && !IsNull(e.Value);

    /// <summary>True when the key is written with an explicit null (<c>key: null</c>, <c>key: ~</c> or <c>key:</c>).</summary>
    public bool IsExplicitNull(string key) => _entries.TryGetValue(key, out var e) && IsNull(e.Value);

    /// <summary>The value node, or null when absent or written as null.</summary>
    public YamlNode? Raw(string key) => _entries.TryGetValue(key, out var e) && !IsNull(e.Value) ? e.Value : null;

    /// <summary>Where to point at a field: its value if present, else its key, else the enclosing mapping.</summary>
    public SourceLocation LocationOf(string key) =>
        _entries.TryGetValue(key, out var e) ? At(Source, IsNull(e.Value) ? e.Key : e.Value) : Location;

    public ConfigException Error(string key, string problem) => new(Source, LocationOf(key), FieldPath(key), problem);

    public ConfigException Missing(string key) =>
        new(Source, Location, FieldPath(key), "required field is missing");

    /// <summary>A nested mapping, or null when absent / null (meaning "all defaults").</summary>
    public MappingReader? Section(string key, IReadOnlyList<string> allowedKeys,
        IReadOnlyDictionary<string, string>? removedKeys = null) =>
        Raw(key) is { } node ? Open(Source, FieldPath(key), node, allowedKeys, removedKeys) : null;

    public string? String(string key)
    {
        if (Raw(key) is not { } node) return null;
        if (node is not YamlScalarNode s) throw Error(key, $"expected a string, got {Describe(node)}");
        return s.Value ?? "";
    }

    /// <summary>A file-system path: a non-empty string without NUL, the one character no path may hold.</summary>
    public string? PathText(string key)
    {
        if (String(key) is not { } text) return null;
        if (text.Trim().Length == 0) throw Error(key, "must not be empty");
        // .NET refuses such a path with an ArgumentException deep inside file access: say it here, located.
        if (text.Contains('\0')) throw Error(key, "contains a NUL character (\\0 or \\u0000), which no file path may hold");
        return text;
    }

    public T? Choice<T>(string key, ChoiceSet<T> choices) where T : struct, Enum
    {
        if (Raw(key) is not { } node) return null;
        if (node is not YamlScalarNode s || s.Value is null)
        {
            throw Error(key, $"expected one of {string.Join(", ", choices.Names)}, got {Describe(node)}");
        }
        if (choices.TryParse(s.Value, out var value)) return value;
        var hint = Suggestions.Closest(s.Value, choices.Names) is { } near ? $"did you mean '{near}'? " : "";
        throw Error(key, $"'{s.Value}' is not allowed; {hint}allowed values: {string.Join(", ", choices.Names)}");
    }

    public int? Integer(string key, long min = int.MinValue, long max = int.MaxValue)
    {
        if (Raw(key) is not { } node) return null;
        var text = PlainScalar(key, node, "an integer");
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(key, $"expected an integer, got '{text}'");
        }
        if (value < min || value > max)
        {
            var allowed = max == int.MaxValue ? $">= {min}" : $"between {min} and {max}";
            throw Error(key, $"{value} is out of range; must be {allowed}");
        }
        return (int)value;
    }

    public double? Number(string key, NumberRange range)
    {
        if (Raw(key) is not { } node) return null;
        var text = PlainScalar(key, node, "a number");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(key, $"expected a number, got '{text}'");
        }
        if (!range.Contains(value))
        {
            throw Error(key, $"{text} is out of range; must be {range.Describe()}");
        }
        return value;
    }

    public bool? Bool(string key)
    {
        if (Raw(key) is not { } node) return null;
        var text = PlainScalar(key, node, "true or false");
        return text switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => throw Error(key, $"expected true or false, got '{text}'"),
        };
    }

    public TimeSpan? Duration(string key)
    {
        if (Raw(key) is not { } node) return null;
        if (node is not YamlScalarNode s || s.Value is null)
        {
            throw Error(key, $"expected a duration like {DurationText.Examples}, got {Describe(node)}");
        }
        if (!DurationText.TrySeconds(s.Value, out var seconds))
        {
            throw Error(key, $"'{s.Value}' is not a duration; write it like {DurationText.Examples}");
        }
        if (seconds <= 0 || seconds > DurationText.Longest.TotalSeconds)
        {
            throw Error(key, $"'{s.Value}' is out of range; must be longer than 0s and at most {DurationText.LongestText}");
        }
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Text of an unquoted scalar; quoted scalars are strings in YAML and are refused for numbers/booleans.</summary>
    private string PlainScalar(string key, YamlNode node, string expected)
    {
        if (node is not YamlScalarNode s || s.Value is null) throw Error(key, $"expected {expected}, got {Describe(node)}");
        if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted)
        {
            throw Error(key, $"expected {expected}, got the quoted string '{s.Value}' (remove the quotes)");
        }
        return s.Value.Trim();
    }
}
