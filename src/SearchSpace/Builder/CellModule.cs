using NasLab.SearchSpace.Cells;
using NasLab.Torch;
using NasLab.Torch.Nn;

namespace NasLab.SearchSpace.Builder;

/// <summary>
/// One NASNet cell (TF-slim semantics, see BUILDER_NOTES.md): inputs brought to F channels, five
/// blocks of op(a) + op(b), output the concatenation of the genotype's Concat states.
/// </summary>
public sealed class CellModule : Module
{
    /// <summary>Channels and side of a cell state.</summary>
    public sealed record Shape(int C, int H);

    private readonly CellGenotype _genotype;
    private readonly Module<Tensor, Tensor>? _prevAdjust;
    private readonly bool _prevRelu;
    private readonly ReluConvBn _cur;
    private readonly (CellOpModule Left, CellOpModule Right)[] _blocks;
    private readonly Dictionary<int, (Module<Tensor, Tensor> Adjust, bool Relu)> _concatAdjust = [];

    public CellModule(CellGenotype genotype, bool reduction, int f, Shape cur, Shape? prev)
    {
        _genotype = genotype;
        Shape p;
        if (prev is null) p = cur; // first stem cell: h_(i-1) is the raw h_i
        else if (prev.H != cur.H)
        {
            _prevAdjust = RegisterModule("prev", new FactorizedReduction(prev.C, f));
            _prevRelu = true;
            p = new Shape(2 * (f / 2), cur.H);
        }
        else if (prev.C != f)
        {
            _prevAdjust = RegisterModule("prev", new ReluConvBn(prev.C, f));
            p = new Shape(f, prev.H);
        }
        else p = prev;
        _cur = RegisterModule("cur", new ReluConvBn(cur.C, f));

        var states = new List<Shape> { p, new(f, cur.H) };
        var blocks = RegisterModule("blocks", new Container());
        _blocks = new (CellOpModule, CellOpModule)[genotype.Blocks.Count];
        for (int b = 0; b < genotype.Blocks.Count; b++)
        {
            var blk = genotype.Blocks[b];
            var holder = blocks.Add(b, new Holder());
            var left = holder.Set("left", new CellOpModule(blk.Op1, states[blk.Input1].C, f, Stride(reduction, blk.Input1)));
            var right = holder.Set("right", new CellOpModule(blk.Op2, states[blk.Input2].C, f, Stride(reduction, blk.Input2)));
            _blocks[b] = (left, right);
            int h = Ceil(states[blk.Input1].H, Stride(reduction, blk.Input1));
            states.Add(new Shape(f, h));
        }

        var final = states[^1];
        var concat = RegisterModule("concat", new Holder());
        int channels = 0;
        foreach (int s in genotype.Concat)
        {
            var st = states[s];
            if (st.C != final.C || st.H != final.H)
            {
                Module<Tensor, Tensor> adjust = st.H != final.H
                    ? new FactorizedReduction(st.C, final.C)
                    : new ReluConvBn(st.C, final.C, relu: false);
                concat.Set(s.ToString(System.Globalization.CultureInfo.InvariantCulture), adjust);
                _concatAdjust[s] = (adjust, false);
                channels += st.H != final.H ? 2 * (final.C / 2) : final.C;
            }
            else channels += st.C;
        }
        Output = new Shape(channels, final.H);
    }

    public Shape Output { get; }

    private static int Ceil(int h, int s) => (h + s - 1) / s;
    private static int Stride(bool reduction, int input) => reduction && input < 2 ? 2 : 1;

    public Tensor Forward(Tensor cur, Tensor? prev)
    {
        // The cell owns (and frees) every state it computes; its two inputs belong to the caller.
        var p = prev is null ? cur : _prevAdjust is null ? prev
            : _prevRelu ? prev.Relu().Then(_prevAdjust.Forward) : _prevAdjust.Forward(prev);
        var states = new List<Tensor> { p, _cur.Forward(cur) };
        foreach (var (b, (left, right)) in _genotype.Blocks.Zip(_blocks))
            states.Add(left.Forward(states[b.Input1]).Then(l => right.Forward(states[b.Input2]).Then(r => l + r)));
        var adjusted = new List<Tensor>();
        var parts = _genotype.Concat.Select(s =>
        {
            if (!_concatAdjust.TryGetValue(s, out var a)) return states[s];
            var t = a.Adjust.Forward(states[s]);
            adjusted.Add(t);
            return t;
        }).ToList();
        var output = Tensor.Cat(parts, 1);
        foreach (var t in adjusted) t.Dispose();
        for (int i = 0; i < states.Count; i++)
            if (!ReferenceEquals(states[i], cur) && !ReferenceEquals(states[i], prev)) states[i].Dispose();
        return output;
    }
}
