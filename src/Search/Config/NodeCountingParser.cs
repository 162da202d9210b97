using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace NasLab.Search.Config;

/// <summary>
/// Passes YAML events through while counting the nodes the document stands for once every alias is
/// expanded, and stops with a <see cref="ConfigException"/> at the first event past the limit. YamlDotNet
/// shares an anchored node between its aliases, so loading is cheap; it is every later copy (the override
/// tree, the resolved YAML, the config hash) that would expand a "billion laughs" file. Counting while
/// reading stops such a file after a few hundred bytes instead of after gigabytes.
/// </summary>
internal sealed class NodeCountingParser(IParser inner, string source, int maxNodes) : IParser
{
    /// <summary>Expanded size of each finished anchored node, by anchor name.</summary>
    private readonly Dictionary<AnchorName, long> _anchorSizes = [];

    /// <summary>Collections not yet closed, with their anchor and the node count when they opened.</summary>
    private readonly Stack<(AnchorName Anchor, long CountAtStart)> _open = new();

    private long _nodes;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext()) return false;
        switch (inner.Current)
        {
            case Scalar scalar:
                Add(1, scalar);
                if (!scalar.Anchor.IsEmpty) _anchorSizes[scalar.Anchor] = 1;
                break;
            case NodeEvent collection and (SequenceStart or MappingStart):
                Add(1, collection);
                _open.Push((collection.Anchor, _nodes - 1));
                break;
            case SequenceEnd or MappingEnd:
                var (anchor, countAtStart) = _open.Pop();
                if (!anchor.IsEmpty) _anchorSizes[anchor] = _nodes - countAtStart;
                break;
            case AnchorAlias alias:
                // YamlDotNet would link such aliases into a cycle (endless recursion for every consumer)
                // or resolve them to a later anchor (unbounded again); YAML forbids both.
                if (_open.Any(o => o.Anchor == alias.Value))
                    throw Error(alias, $"alias *{alias.Value} refers to the node that contains it; YAML aliases must not be recursive");
                if (!_anchorSizes.TryGetValue(alias.Value, out var size))
                    throw Error(alias, $"alias *{alias.Value} is used before its anchor &{alias.Value} is defined");
                Add(size, alias);
                break;
        }
        return true;
    }

    private void Add(long count, ParsingEvent at)
    {
        _nodes += count;
        if (_nodes > maxNodes)
        {
            throw Error(at, $"the document has more than {maxNodes} YAML nodes once aliases are expanded, the limit for experiment files; " +
                "nested aliases multiply (a 'billion laughs' file), so write the values out or alias fewer levels");
        }
    }

    private ConfigException Error(ParsingEvent at, string problem) =>
        new(source, new SourceLocation(source, (int)at.Start.Line, (int)at.Start.Column), null, problem);
}
