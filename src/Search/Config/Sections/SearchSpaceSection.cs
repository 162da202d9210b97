using YamlDotNet.RepresentationModel;

namespace NasLab.Search.Config.Sections;

/// <summary>Parses <c>search_space</c>: the kind plus shape-checked, located overrides.</summary>
internal static class SearchSpaceSection
{
    public static readonly string[] Keys = ["kind", "overrides"];
    public static readonly string[] OverrideKeys = ["choices", "blocks", "stem", "cells"];

    public static SearchSpaceConfig Parse(MappingReader? section)
    {
        if (section is null) return new SearchSpaceConfig(SearchSpaceKind.Mnasnet, SearchSpaceOverrides.None);
        var kind = section.Choice("kind", Choices.SearchSpaceKinds) ?? SearchSpaceKind.Mnasnet;
        var overrides = section.Section("overrides", OverrideKeys) is { } o ? ParseOverrides(o) : SearchSpaceOverrides.None;
        return new SearchSpaceConfig(kind, overrides);
    }

    private static SearchSpaceOverrides ParseOverrides(MappingReader o)
    {
        OverrideMap? choices = null;
        if (o.Raw("choices") is { } c)
        {
            choices = Expect<OverrideMap>(o, "choices", c, "a mapping from decision name to a list of options");
            foreach (var (name, options) in choices.Entries)
            {
                if (options is not OverrideList list || list.Items.Count == 0)
                {
                    throw new ConfigException(o.Source, options.Location, options.FieldPath,
                        $"expected a non-empty list of options for '{name}'");
                }
            }
        }

        OverrideList? blocks = null;
        if (o.Raw("blocks") is { } b)
        {
            blocks = Expect<OverrideList>(o, "blocks", b, "a list with one mapping per block (e.g. filters, repeats, stride)");
            foreach (var block in blocks.Items)
            {
                if (block is not OverrideMap)
                {
                    throw new ConfigException(o.Source, block.Location, block.FieldPath,
                        "expected a mapping of this block's settings (e.g. filters, repeats, stride)");
                }
            }
        }

        OverrideMap? stem = o.Raw("stem") is { } s ? Expect<OverrideMap>(o, "stem", s, "a mapping of stem settings") : null;
        OverrideMap? cells = o.Raw("cells") is { } cl ? Expect<OverrideMap>(o, "cells", cl, "a mapping of cell network settings") : null;
        return new SearchSpaceOverrides(choices, blocks, stem, cells);
    }

    private static T Expect<T>(MappingReader o, string key, YamlNode node, string expected) where T : OverrideNode =>
        ToOverride(o.Source, o.FieldPath(key), node) as T
        ?? throw o.Error(key, $"expected {expected}, got {MappingReader.Describe(node)}");

    /// <summary>Copies YAML into the located override tree; list items get paths like <c>blocks[2]</c>.</summary>
    public static OverrideNode ToOverride(string source, string path, YamlNode node)
    {
        var at = MappingReader.At(source, node);
        switch (node)
        {
            case YamlMappingNode map:
                var entries = new List<KeyValuePair<string, OverrideNode>>();
                foreach (var (k, v) in map.Children)
                {
                    if (k is not YamlScalarNode { Value: { } key })
                    {
                        throw new ConfigException(source, MappingReader.At(source, k), path, "keys must be plain names");
                    }
                    if (entries.Any(e => e.Key == key))
                    {
                        throw new ConfigException(source, MappingReader.At(source, k), $"{path}.{key}", "key appears more than once");
                    }
                    entries.Add(new(key, ToOverride(source, $"{path}.{key}", v)));
                }
                return new OverrideMap(entries, at, path);
            case YamlSequenceNode seq:
                return new OverrideList(seq.Children.Select((item, i) => ToOverride(source, $"{path}[{i}]", item)).ToArray(), at, path);
            case YamlScalarNode scalar:
                var quoted = scalar.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted;
                return new OverrideScalar(scalar.Value ?? "", quoted, at, path);
            default:
                throw new ConfigException(source, at, path, $"unsupported YAML node {node.NodeType}");
        }
    }
}
