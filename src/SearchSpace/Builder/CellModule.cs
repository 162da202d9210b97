using NasLab.SearchSpace.Cells;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.SearchSpace.Builder;

/// <summary>
/// One NASNet cell (TF-slim semantics, see BUILDER_NOTES.md): inputs brought to F channels, five
/// blocks of op(a) + op(b), output the concatenation of the genotype's Concat states.
/// </summary>
public sealed class CellModule : nn.Module<Tensor, Tensor?, Tensor>
{
    /// <summary>Channels and side of a cell state.</summary>
    public sealed record Shape(int C, int H);

    private readonly CellGenotype _genotype;
    private readonly nn.Module<Tensor, Tensor>? _prevAdjust;
    private readonly bool _prevRelu;
    private readonly ReluConvBn _cur;
    private readonly (CellOpModule Left, CellOpModule Right)[] _blocks;
    private readonly Dictionary<int, (nn.Module<Tensor, Tensor> Adjust, bool Relu)> _concatAdjust = [];

    public CellModule(CellGenotype genotype, bool reduction, int f, Shape cur, Shape? prev) : base(nameof(CellModule))
    {
        _genotype = genotype;
        Filters = f;
        Shape p;
        if (prev is null) p = cur; // first stem cell: h_(i-1) is the raw h_i
        else if (prev.H != cur.H)
        {
            _prevAdjust = this.Register("prev", new FactorizedReduction(prev.C, f));
            _prevRelu = true;
            p = new Shape(2 * (f / 2), cur.H);
        }
        else if (prev.C != f)
        {
            _prevAdjust = this.Register("prev", new ReluConvBn(prev.C, f));
            p = new Shape(f, prev.H);
        }
        else p = prev;
        _cur = this.Register("cur", new ReluConvBn(cur.C, f));

        var states = new List<Shape> { p, new(f, cur.H) };
        var blocks = this.Register("blocks", new ChildGroup());
        _blocks = new (CellOpModule, CellOpModule)[genotype.Blocks.Count];
        for (int b = 0; b < genotype.Blocks.Count; b++)
        {
            var blk = genotype.Blocks[b];
            var holder = blocks.Register(b, new ChildGroup());
            var left = holder.Register("left", new CellOpModule(blk.Op1, states[blk.Input1].C, f, Stride(reduction, blk.Input1)));
            var right = holder.Register("right", new CellOpModule(blk.Op2, states[blk.Input2].C, f, Stride(reduction, blk.Input2)));
            _blocks[b] = (left, right);
            int h = Ceil(states[blk.Input1].H, Stride(reduction, blk.Input1));
            states.Add(new Shape(f, h));
        }

        var final = states[^1];
        var concat = this.Register("concat", new ChildGroup());
        var parts = new List<(int State, int Channels)>();
        foreach (int s in genotype.Concat)
        {
            var st = states[s];
            if (st.C != final.C || st.H != final.H)
            {
                nn.Module<Tensor, Tensor> adjust = st.H != final.H
                    ? new FactorizedReduction(st.C, final.C)
                    : new ReluConvBn(st.C, final.C, relu: false);
                concat.Register(s, adjust);
                _concatAdjust[s] = (adjust, false);
                parts.Add((s, st.H != final.H ? 2 * (final.C / 2) : final.C));
            }
            else parts.Add((s, st.C));
        }
        OutputParts = parts;
        Output = new Shape(parts.Sum(p => p.Channels), final.H);
    }

    public Shape Output { get; }

    /// <summary>The output's channel ranges in order: which state each comes from, and how many channels it has.</summary>
    public IReadOnlyList<(int State, int Channels)> OutputParts { get; }

    /// <summary>F: the channels of every block's output.</summary>
    public int Filters { get; }

    private static int Ceil(int h, int s) => (h + s - 1) / s;
    private static int Stride(bool reduction, int input) => reduction && input < 2 ? 2 : 1;

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor cur, Tensor? prev)
    {
        // The cell owns (and frees) every state it computes; its two inputs belong to the caller.
        var p = prev is null ? cur : _prevAdjust is null ? prev
            : _prevRelu ? prev.relu().Then(_prevAdjust.call) : _prevAdjust.call(prev);
        var states = new List<Tensor> { p, _cur.call(cur) };
        foreach (var (b, (left, right)) in _genotype.Blocks.Zip(_blocks))
            states.Add(left.call(states[b.Input1]).Then(l => right.call(states[b.Input2]).Then(r => l + r)));
        var adjusted = new List<Tensor>();
        var parts = _genotype.Concat.Select(s =>
        {
            if (!_concatAdjust.TryGetValue(s, out var a)) return states[s];
            var t = a.Adjust.call(states[s]);
            adjusted.Add(t);
            return t;
        }).ToList();
        var output = torch.cat(parts, 1);
        foreach (var t in adjusted) t.Dispose();
        for (int i = 0; i < states.Count; i++)
            if (!ReferenceEquals(states[i], cur) && !ReferenceEquals(states[i], prev)) states[i].Dispose();
        return output;
    }
}
