using System.Globalization;
using NasLab.Search.Config;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Spaces;

namespace NasLab.Search.Experiment;

/// <summary>
/// Applies <c>search_space.overrides</c> to a space's built-in options. Every error names the file,
/// line, field and the allowed keys or values.
/// </summary>
public static class SpaceOverrides
{
    public static readonly IReadOnlyList<string> FactorizedChoiceKeys =
        ["conv_ops", "kernels", "se_ratios", "skip_ops", "filter_multipliers", "repeat_offsets", "expansions", "activations", "expand_groups", "project_groups"];
    public static readonly IReadOnlyList<string> BlockKeys = ["filters", "repeats", "stride"];
    public static readonly IReadOnlyList<string> StemKeys = ["kernel", "stride", "channels", "activation"];
    public static readonly IReadOnlyList<string> CellChoiceKeys = ["ops"];
    /// <summary>The cell network's size: N cells per stack, F filters of the first stack, B blocks per cell.</summary>
    public static readonly IReadOnlyList<string> CellsKeys = ["per_stack", "filters", "blocks"];

    public static FactorizedSpaceOptions Apply(FactorizedSpaceOptions o, SearchSpaceOverrides overrides, string source)
    {
        if (overrides.Cells is { } c) throw Error(c, "factorized spaces have no cells; allowed override sections: choices, blocks, stem", source);
        if (overrides.Choices is { } choices)
        {
            foreach (var (key, node) in choices.Entries)
            {
                o = key switch
                {
                    "conv_ops" => o with { ConvOps = Strings(node, source) },
                    "kernels" => o with { Kernels = KernelLists(node, source) },
                    "se_ratios" => o with { SeRatios = Numbers(node, source) },
                    "skip_ops" => o with { SkipOps = Strings(node, source) },
                    "filter_multipliers" => o with { FilterMultipliers = Numbers(node, source) },
                    "repeat_offsets" => o with { RepeatOffsets = Integers(node, source) },
                    "expansions" => o with { Expansions = Numbers(node, source) },
                    "activations" => o with { Activations = Strings(node, source) },
                    "expand_groups" => o with { ExpandGroups = Integers(node, source) },
                    "project_groups" => o with { ProjectGroups = Integers(node, source) },
                    _ => throw Unknown(node, key, FactorizedChoiceKeys, source),
                };
            }
        }
        if (overrides.Blocks is { } blocks)
        {
            var skeleton = new List<SkeletonBlock>();
            foreach (var item in blocks.Items)
            {
                var map = item as OverrideMap ?? throw Error(item, "expected a mapping with keys " + string.Join(", ", BlockKeys), source);
                foreach (var (key, node) in map.Entries)
                    if (!BlockKeys.Contains(key)) throw Unknown(node, key, BlockKeys, source);
                skeleton.Add(new SkeletonBlock(
                    Integer(Required(map, "filters", source), source),
                    Integer(Required(map, "repeats", source), source),
                    Integer(Required(map, "stride", source), source)));
            }
            o = o with { Skeleton = skeleton };
        }
        if (overrides.Stem is { } stem)
        {
            var s = o.Stem;
            foreach (var (key, node) in stem.Entries)
            {
                s = key switch
                {
                    "kernel" => s with { Kernel = Integer(node, source) },
                    "stride" => s with { Stride = Integer(node, source) },
                    "channels" => s with { Channels = Integer(node, source) },
                    "activation" => s with { Activation = ActivationOf(node, source) },
                    _ => throw Unknown(node, key, StemKeys, source),
                };
            }
            o = o with { Stem = s };
        }
        return o;
    }

    public static CellSpaceOptions Apply(CellSpaceOptions o, SearchSpaceOverrides overrides, string source)
    {
        const string Allowed = "allowed override sections: choices (ops), cells (per_stack, filters, blocks)";
        if (overrides.Blocks is { } b) throw Error(b, "cell spaces have no block skeleton; " + Allowed, source);
        if (overrides.Stem is { } st) throw Error(st, "cell spaces take their stem from the NASNet CIFAR template; " + Allowed, source);
        if (overrides.Choices is { } choices)
            foreach (var (key, node) in choices.Entries)
                o = key == "ops" ? o with { Ops = Strings(node, source) } : throw Unknown(node, key, CellChoiceKeys, source);
        if (overrides.Cells is { } cells)
            foreach (var (key, node) in cells.Entries)
                o = key switch
                {
                    "per_stack" => o with { Template = o.Template with { CellsPerStack = Integer(node, source) } },
                    "filters" => o with { Template = o.Template with { Filters = Integer(node, source) } },
                    "blocks" => o with { Blocks = Integer(node, source) },
                    _ => throw Unknown(node, key, CellsKeys, source),
                };
        return o;
    }

    private static OverrideNode Required(OverrideMap map, string key, string source) =>
        map[key] ?? throw Error(map, $"missing '{key}' (a block needs {string.Join(", ", BlockKeys)})", source);

    private static IReadOnlyList<OverrideNode> Items(OverrideNode node, string source) =>
        node is OverrideList list && list.Items.Count > 0 ? list.Items : throw Error(node, "expected a non-empty list", source);

    private static List<string> Strings(OverrideNode node, string source) => Items(node, source).Select(n => Scalar(n, source)).ToList();
    private static List<double> Numbers(OverrideNode node, string source) => Items(node, source).Select(n => Number(n, source)).ToList();
    private static List<int> Integers(OverrideNode node, string source) => Items(node, source).Select(n => Integer(n, source)).ToList();

    /// <summary>Kernel choices: a list whose items are a kernel (3) or a MixConv group list ([3, 5, 7]).</summary>
    private static List<IReadOnlyList<int>> KernelLists(OverrideNode node, string source) =>
        Items(node, source).Select(n => n is OverrideList ? (IReadOnlyList<int>)Integers(n, source) : [Integer(n, source)]).ToList();

    private static string Scalar(OverrideNode node, string source) =>
        node is OverrideScalar s ? s.Value : throw Error(node, "expected a single value", source);

    private static double Number(OverrideNode node, string source) =>
        double.TryParse(Scalar(node, source), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && node is OverrideScalar { Quoted: false }
            ? v : throw Error(node, $"'{Scalar(node, source)}' is not a number", source);

    private static int Integer(OverrideNode node, string source) =>
        int.TryParse(Scalar(node, source), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && node is OverrideScalar { Quoted: false }
            ? v : throw Error(node, $"'{Scalar(node, source)}' is not a whole number", source);

    private static Activation ActivationOf(OverrideNode node, string source) =>
        ActivationNames.Choosable.TryGetValue(Scalar(node, source), out var activation)
            ? activation
            : throw Error(node, $"'{Scalar(node, source)}' is not allowed; allowed values: {string.Join(", ", ActivationNames.Choosable.Keys)}", source);

    private static ConfigException Unknown(OverrideNode node, string key, IReadOnlyList<string> allowed, string source) =>
        new(source, node.Location, node.FieldPath, $"unknown key '{key}'; allowed keys: {string.Join(", ", allowed)}");

    private static ConfigException Error(OverrideNode node, string problem, string source) =>
        new(source, node.Location, node.FieldPath, problem);
}
