using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Schema;
using NasLab.SearchSpace.Validation;

namespace NasLab.SearchSpace.Spaces;

/// <summary>
/// MnasNet's factorized hierarchical space (and MixNet's extension): per skeleton block one searched layer
/// (conv op, kernel(s), SE ratio, skip op, filters, layer count, expansion, activation, 1x1 groups) repeated
/// N times. Decisions with a single allowed choice are fixed and left out of the schema.
/// </summary>
public sealed class FactorizedHierarchicalSpace : ISearchSpace
{
    private const int Op = 0, Kernel = 1, Se = 2, Skip = 3, Filters = 4, Layers = 5, Expansion = 6, Act = 7, AGroups = 8, PGroups = 9;
    private static readonly string[] FieldNames = ["op", "kernel", "se", "skip", "filters", "layers", "expansion", "activation", "expand_groups", "project_groups"];

    private readonly IReadOnlyList<BlockOp> _ops;
    private readonly IReadOnlyList<SkipOp> _skips;
    private readonly IReadOnlyList<Activation> _acts;
    private readonly int[][] _position; // [block][field] -> index in the decision vector, or -1 when fixed to choice 0
    private readonly int[] _fieldCounts;

    public FactorizedHierarchicalSpace(FactorizedSpaceOptions? options = null)
    {
        Options = options ?? FactorizedSpaceOptions.MnasNet;
        var o = Options;
        _ops = ChoiceNames.ParseList(o.ConvOps, ChoiceNames.Ops, "options.convOps");
        _skips = ChoiceNames.ParseList(o.SkipOps, ChoiceNames.Skips, "options.skipOps");
        _acts = ChoiceNames.ParseList(o.Activations, ChoiceNames.Activations, "options.activations");
        FactorizedOptionsValidator.Validate(o, _ops);

        _fieldCounts = [_ops.Count, o.Kernels.Count, o.SeRatios.Count, _skips.Count, o.FilterMultipliers.Count,
            o.RepeatOffsets.Count, o.Expansions.Count, _acts.Count, o.ExpandGroups.Count, o.ProjectGroups.Count];
        var decisions = new List<Decision>();
        _position = new int[o.Skeleton.Count][];
        for (int i = 0; i < o.Skeleton.Count; i++)
        {
            _position[i] = new int[FieldNames.Length];
            for (int f = 0; f < FieldNames.Length; f++)
            {
                if (_fieldCounts[f] == 1) { _position[i][f] = -1; continue; }
                _position[i][f] = decisions.Count;
                decisions.Add(new Decision($"block{i + 1}.{FieldNames[f]}", FieldNames[f], ChoiceLabels(f, i)));
            }
        }
        if (decisions.Count == 0)
            throw new ArchitectureException("options", "every choice list has a single entry, so there is nothing to search.");
        Schema = new DecisionSchema(decisions);
    }

    public FactorizedSpaceOptions Options { get; }
    public string Name => Options.Name;
    public DecisionSchema Schema { get; }
    public System.Numerics.BigInteger Size => Schema.ExactCardinality;

    /// <summary>
    /// Distinct layer configurations per block, folding choices that cannot matter (expansion and expand groups
    /// outside mbconv, expand groups at expansion 1, project groups for a regular conv). With the paper defaults
    /// this is MnasNet's S = 432 (ConvOp effectively {conv, dwconv, MBConv3, MBConv6} x 2 x 2 x 3 x 3 x 3).
    /// </summary>
    public double DistinctConfigurationsPerBlock
    {
        get
        {
            var o = Options;
            double perOp = 0;
            foreach (var op in _ops)
            {
                double ops = op switch
                {
                    BlockOp.MBConv => o.Expansions.Sum(e => e == 1.0 ? 1.0 : o.ExpandGroups.Count) * o.ProjectGroups.Count * o.Kernels.Count,
                    BlockOp.SepConv => o.ProjectGroups.Count * o.Kernels.Count,
                    _ => o.Kernels.Count(k => k.Count == 1),
                };
                perOp += ops;
            }
            return perOp * o.SeRatios.Count * _skips.Count * o.FilterMultipliers.Count * o.RepeatOffsets.Count * _acts.Count;
        }
    }

    private IReadOnlyList<string> ChoiceLabels(int field, int block)
    {
        var o = Options;
        return field switch
        {
            Op => o.ConvOps.Select(s => s.Trim().ToLowerInvariant()).ToList(),
            Kernel => o.Kernels.Select(k => string.Join('.', k)).ToList(),
            Se => o.SeRatios.Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            Skip => o.SkipOps.Select(s => s.Trim().ToLowerInvariant()).ToList(),
            // Labels are relative so that one softmax head can be shared by all blocks (same kind, same meaning).
            Filters => o.FilterMultipliers.Select(m => $"x{m.ToString(System.Globalization.CultureInfo.InvariantCulture)}").ToList(),
            Layers => o.RepeatOffsets.Select(d => d >= 0 ? $"+{d}" : $"{d}").ToList(),
            Expansion => o.Expansions.Select(e => e.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            Act => o.Activations.Select(s => s.Trim().ToLowerInvariant()).ToList(),
            AGroups => o.ExpandGroups.Select(g => g.ToString()).ToList(),
            _ => o.ProjectGroups.Select(g => g.ToString()).ToList(),
        };
    }

    public int FilterChoice(int block, int choice) =>
        Channels.MakeDivisible(Options.Skeleton[block].BaseFilters * Options.FilterMultipliers[choice], Options.ChannelDivisor);

    public NetworkArchitecture Decode(IReadOnlyList<int> decisions)
    {
        Schema.Validate(decisions);
        var o = Options;
        var stages = new List<BlockSpec>();
        for (int i = 0; i < o.Skeleton.Count; i++)
        {
            int Pick(int f) => _position[i][f] < 0 ? 0 : decisions[_position[i][f]];
            var op = _ops[Pick(Op)];
            double e = op == BlockOp.MBConv ? o.Expansions[Pick(Expansion)] : 1.0;
            stages.Add(new BlockSpec
            {
                Op = op,
                Repeats = o.Skeleton[i].BaseRepeats + o.RepeatOffsets[Pick(Layers)],
                Kernels = ValueList.From(o.Kernels[Pick(Kernel)]),
                Stride = o.Skeleton[i].Stride,
                OutChannels = FilterChoice(i, Pick(Filters)),
                Expansion = e,
                SeRatio = o.SeRatios[Pick(Se)],
                SeStyle = o.SeStyle,
                Skip = _skips[Pick(Skip)],
                Activation = _acts[Pick(Act)],
                ExpandGroups = op == BlockOp.MBConv && e != 1.0 ? o.ExpandGroups[Pick(AGroups)] : 1,
                ProjectGroups = op == BlockOp.Conv ? 1 : o.ProjectGroups[Pick(PGroups)],
            });
        }
        return new BlockNetwork
        {
            Name = $"{Name}-sample",
            NumClasses = o.NumClasses,
            InputResolution = o.InputResolution,
            Stem = o.Stem,
            Head = o.Head,
            Stages = ValueList.From(stages),
        };
    }

    public int[] Encode(NetworkArchitecture architecture)
    {
        if (architecture is not BlockNetwork net)
            throw new ArchitectureException("architecture", $"the {Name} space holds block networks, got a {architecture.GetType().Name}.");
        ArchitectureValidator.Validate(net);
        var o = Options;
        if (net.Stem != o.Stem) throw new ArchitectureException("stem", $"the space fixes the stem to {o.Stem}, got {net.Stem}.");
        if (net.Head != o.Head) throw new ArchitectureException("head", $"the space fixes the head to {o.Head}, got {net.Head}.");
        if (net.NumClasses != o.NumClasses) throw new ArchitectureException("numClasses", $"the space fixes {o.NumClasses}, got {net.NumClasses}.");
        if (net.InputResolution != o.InputResolution) throw new ArchitectureException("inputResolution", $"the space fixes {o.InputResolution}, got {net.InputResolution}.");
        if (net.Stages.Count != o.Skeleton.Count)
            throw new ArchitectureException("stages", $"the space has {o.Skeleton.Count} blocks, the architecture {net.Stages.Count} stages.");

        var result = new int[Schema.Length];
        for (int i = 0; i < o.Skeleton.Count; i++)
        {
            var s = net.Stages[i];
            var sk = o.Skeleton[i];
            string f = $"stages[{i}]";
            if (s.Stride != sk.Stride) throw new ArchitectureException($"{f}.stride", $"the skeleton fixes stride {sk.Stride}, got {s.Stride}.");
            if (s.SeStyle != o.SeStyle) throw new ArchitectureException($"{f}.seStyle", $"the space uses {o.SeStyle} SE, got {s.SeStyle}.");
            if (s.ExpandedChannels is not null) throw new ArchitectureException($"{f}.expandedChannels", "the space expresses expansion as a ratio; explicit widths are not representable.");
            if (s.ProjectActivation) throw new ArchitectureException($"{f}.projectActivation", "the space's blocks have linear pointwise convs.");

            void Set(int field, int choice) { if (_position[i][field] >= 0) result[_position[i][field]] = choice; }
            int Find<T>(int field, IReadOnlyList<T> choices, T value, string name, Func<T, string>? show = null)
            {
                for (int c = 0; c < choices.Count; c++)
                    if (EqualityComparer<T>.Default.Equals(choices[c], value)) { Set(field, c); return c; }
                show ??= v => v?.ToString() ?? "";
                throw new ArchitectureException($"{f}.{name}", $"{show(value)} is not representable; allowed: {string.Join(", ", choices.Select(show))}.");
            }

            Find(Op, _ops, s.Op, "op");
            int k = o.Kernels.ToList().FindIndex(g => g.SequenceEqual(s.Kernels));
            if (k < 0) throw new ArchitectureException($"{f}.kernels", $"[{string.Join(", ", s.Kernels)}] is not representable; allowed: {string.Join(" | ", o.Kernels.Select(g => string.Join('.', g)))}.");
            Set(Kernel, k);
            Find(Se, o.SeRatios, s.SeRatio, "seRatio");
            Find(Skip, _skips, s.Skip, "skip");
            Find(Act, _acts, s.Activation, "activation");
            var widths = Enumerable.Range(0, o.FilterMultipliers.Count).Select(c => FilterChoice(i, c)).ToList();
            Find(Filters, widths, s.OutChannels, "outChannels");
            var repeats = o.RepeatOffsets.Select(d => sk.BaseRepeats + d).ToList();
            Find(Layers, repeats, s.Repeats, "repeats");
            if (s.Op == BlockOp.MBConv)
            {
                Find(Expansion, o.Expansions, s.Expansion, "expansion");
                if (s.Expansion != 1.0) Find(AGroups, o.ExpandGroups, s.ExpandGroups, "expandGroups");
                else if (s.ExpandGroups != 1)
                    throw new ArchitectureException($"{f}.expandGroups", "expansion 1 has no expand conv; the space represents its groups as 1.");
            }
            if (s.Op != BlockOp.Conv) Find(PGroups, o.ProjectGroups, s.ProjectGroups, "projectGroups");
        }
        return result;
    }
}
