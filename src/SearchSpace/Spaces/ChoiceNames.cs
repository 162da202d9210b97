using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Validation;

namespace NasLab.SearchSpace.Spaces;

/// <summary>String names of categorical options (as a YAML config would spell them) and their parsing.</summary>
public static class ChoiceNames
{
    public static readonly IReadOnlyDictionary<string, BlockOp> Ops =
        new Dictionary<string, BlockOp> { ["conv"] = BlockOp.Conv, ["sep"] = BlockOp.SepConv, ["mbconv"] = BlockOp.MBConv };
    public static readonly IReadOnlyDictionary<string, SkipOp> Skips =
        new Dictionary<string, SkipOp> { ["pool"] = SkipOp.Pool, ["identity"] = SkipOp.Identity, ["none"] = SkipOp.None };
    public static readonly IReadOnlyDictionary<string, Activation> Activations = ActivationNames.Choosable;

    public static string Name<T>(IReadOnlyDictionary<string, T> map, T value) where T : struct, Enum =>
        map.First(kv => kv.Value.Equals(value)).Key;

    /// <summary>Parses a non-empty list of names; the error names the field and the allowed names.</summary>
    public static IReadOnlyList<T> ParseList<T>(IReadOnlyList<string>? names, IReadOnlyDictionary<string, T> map, string field)
    {
        NonEmpty(names, field, string.Join(", ", map.Keys));
        var result = new List<T>();
        foreach (var n in names!)
        {
            if (!map.TryGetValue(n.Trim().ToLowerInvariant(), out var v))
                throw new ArchitectureException(field, $"unknown choice '{n}'; allowed: {string.Join(", ", map.Keys)}.");
            result.Add(v);
        }
        Distinct(names!.Select(n => n.Trim().ToLowerInvariant()).ToList(), field);
        return result;
    }

    public static void NonEmpty<T>(IReadOnlyList<T>? list, string field, string allowed)
    {
        if (list is null || list.Count == 0)
            throw new ArchitectureException(field, $"empty choice list; give at least one of: {allowed}.");
    }

    public static void Distinct<T>(IReadOnlyList<T> list, string field)
    {
        if (list.Distinct().Count() != list.Count)
            throw new ArchitectureException(field, $"choices must be distinct, got [{string.Join(", ", list)}].");
    }
}
