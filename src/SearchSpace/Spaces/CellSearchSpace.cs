using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Schema;
using NasLab.SearchSpace.Text;
using NasLab.SearchSpace.Validation;

namespace NasLab.SearchSpace.Spaces;

/// <summary>
/// NASNet / ENAS cell space: for the normal then the reduction cell, for each of B blocks the controller picks
/// input 1, input 2 (any cell input or earlier block), op 1, op 2 (the two results are added).
/// Decision kinds: "input{b}" per block position (its choice count grows with b), "op" shared.
/// </summary>
public sealed class CellSearchSpace : ISearchSpace
{
    private static readonly string[] CellNames = ["normal", "reduction"];
    private readonly IReadOnlyList<CellOp> _ops;

    public CellSearchSpace(CellSpaceOptions? options = null)
    {
        Options = options ?? CellSpaceOptions.NasNet;
        var o = Options;
        ChoiceNames.NonEmpty(o.Ops, "options.ops", CellOps.AllowedNames);
        _ops = o.Ops.Select(n => Parse(() => CellOps.Parse(n.Trim().ToLowerInvariant(), "options.ops"), "options.ops")).ToList();
        ChoiceNames.Distinct(_ops, "options.ops");
        if (o.Blocks < 1) throw new ArchitectureException("options.blocks", $"must be at least 1, got {o.Blocks}.");
        CheckConcat(o.NormalConcat, "options.normalConcat");
        CheckConcat(o.ReductionConcat, "options.reductionConcat");
        ArchitectureValidator.Validate(o.Template with { Normal = Placeholder, Reduction = Placeholder });

        var decisions = new List<Decision>();
        foreach (var cell in CellNames)
            for (int b = 0; b < o.Blocks; b++)
            {
                var inputs = Enumerable.Range(0, b + 2).Select(CellGenotype.StateName).ToList();
                var ops = o.Ops.Select(n => n.Trim().ToLowerInvariant()).ToList();
                decisions.Add(new Decision($"{cell}.b{b + 1}.input1", $"input{b + 1}", inputs));
                decisions.Add(new Decision($"{cell}.b{b + 1}.input2", $"input{b + 1}", inputs));
                decisions.Add(new Decision($"{cell}.b{b + 1}.op1", "op", ops));
                decisions.Add(new Decision($"{cell}.b{b + 1}.op2", "op", ops));
            }
        Schema = new DecisionSchema(decisions);
    }

    public CellSpaceOptions Options { get; }
    public string Name => Options.Name;
    public DecisionSchema Schema { get; }

    /// <summary>Ordered decision vectors: per cell prod_b ((b + 2)^2 * |ops|^2), squared for the two cells.</summary>
    public System.Numerics.BigInteger Size => Schema.ExactCardinality;

    private static CellGenotype Placeholder => new()
    {
        Blocks = [new CellBlock(CellGenotype.Prev, CellOp.Identity, CellGenotype.Cur, CellOp.Identity)],
        Concat = [CellGenotype.BlockState(0)],
    };

    private void CheckConcat(IReadOnlyList<string>? names, string field)
    {
        if (names is null) return;
        ChoiceNames.NonEmpty(names, field, "prev, cur, b1..bB");
        foreach (var n in names)
        {
            int s = Parse(() => CellString.ParseState(n, field), field);
            if (s >= Options.Blocks + 2)
                throw new ArchitectureException(field, $"state '{n}' does not exist with {Options.Blocks} blocks; allowed: {string.Join(", ", Enumerable.Range(0, Options.Blocks + 2).Select(CellGenotype.StateName))}.");
        }
        ChoiceNames.Distinct(names, field);
    }

    private static T Parse<T>(Func<T> parse, string field)
    {
        try { return parse(); }
        catch (FormatException e)
        {
            // The parsers name the field themselves; ArchitectureException adds it again ("options.ops: options.ops: ...").
            var message = e.Message.StartsWith(field + ": ", StringComparison.Ordinal) ? e.Message[(field.Length + 2)..] : e.Message;
            throw new ArchitectureException(field, message);
        }
    }

    private ValueList<int> ConcatFor(bool reduction, IReadOnlyList<CellBlock> blocks)
    {
        var explicitNames = reduction ? Options.ReductionConcat : Options.NormalConcat;
        if (explicitNames is not null) return ValueList.From(explicitNames.Select(n => CellString.ParseState(n, "concat")));
        var loose = CellGenotype.LooseEnds(blocks);
        return ValueList.From(!reduction && Options.NormalConcatIncludesPrev ? loose.Prepend(CellGenotype.Prev) : loose);
    }

    public NetworkArchitecture Decode(IReadOnlyList<int> decisions)
    {
        Schema.Validate(decisions);
        var cells = new CellGenotype[2];
        int pos = 0;
        for (int c = 0; c < 2; c++)
        {
            var blocks = new List<CellBlock>();
            for (int b = 0; b < Options.Blocks; b++, pos += 4)
                blocks.Add(new CellBlock(decisions[pos], _ops[decisions[pos + 2]], decisions[pos + 1], _ops[decisions[pos + 3]]));
            cells[c] = new CellGenotype { Blocks = ValueList.From(blocks), Concat = ConcatFor(c == 1, blocks) };
        }
        return Options.Template with { Normal = cells[0], Reduction = cells[1] };
    }

    public int[] Encode(NetworkArchitecture architecture)
    {
        if (architecture is not CellNetwork net)
            throw new ArchitectureException("architecture", $"the {Name} space holds cell networks, got a {architecture.GetType().Name}.");
        ArchitectureValidator.Validate(net);
        var expectedTemplate = Options.Template with { Normal = net.Normal, Reduction = net.Reduction };
        if (net != expectedTemplate)
            throw new ArchitectureException("template", $"the space fixes N={Options.Template.CellsPerStack}, F={Options.Template.Filters}, stem {Options.Template.Stem}/{Options.Template.StemFilters}, {Options.Template.InputResolution}px, {Options.Template.NumClasses} classes (name '{Options.Template.Name}'); the architecture differs outside its cells.");
        var result = new int[Schema.Length];
        int pos = 0;
        foreach (var (g, c) in new[] { (net.Normal, 0), (net.Reduction, 1) })
        {
            string cell = CellNames[c];
            if (g.Blocks.Count != Options.Blocks)
                throw new ArchitectureException($"{cell}.blocks", $"the space has {Options.Blocks} blocks per cell, got {g.Blocks.Count}.");
            for (int b = 0; b < g.Blocks.Count; b++, pos += 4)
            {
                var blk = g.Blocks[b];
                result[pos] = blk.Input1;
                result[pos + 1] = blk.Input2;
                result[pos + 2] = OpIndex(blk.Op1, $"{cell}.blocks[{b}].op1");
                result[pos + 3] = OpIndex(blk.Op2, $"{cell}.blocks[{b}].op2");
            }
            var concat = ConcatFor(c == 1, g.Blocks);
            if (concat != g.Concat)
                throw new ArchitectureException($"{cell}.concat", $"the space's concat rule gives ({string.Join(",", concat.Select(CellGenotype.StateName))}) but the cell outputs ({string.Join(",", g.Concat.Select(CellGenotype.StateName))}); set options.{cell}Concat to represent it.");
        }
        return result;
    }

    private int OpIndex(CellOp op, string field)
    {
        int i = _ops.ToList().IndexOf(op);
        return i >= 0 ? i : throw new ArchitectureException(field, $"op '{CellOps.Name(op)}' is not in the space; allowed: {string.Join(", ", _ops.Select(CellOps.Name))}.");
    }
}
