using NasLab.SearchSpace.Cells;

namespace NasLab.SearchSpace.Cost;

/// <summary>
/// Walks a <see cref="CellNetwork"/> with TF-slim nasnet.py semantics (which the Cadene PyTorch port mirrors):
/// cell inputs are adjusted (h_{i-1} by factorized reduction when larger, else by ReLU-1x1-BN when its width
/// differs from F; h_i always by ReLU-1x1-BN), ops reading a cell input in a reduction cell use stride 2,
/// and concatenated states whose shape differs from the last block's are adjusted before the concat.
/// </summary>
internal static class CellNetworkCost
{
    private sealed record State(int C, int H);

    public static CostReport Compute(CellNetwork net)
    {
        var rec = new LayerRecorder();
        int r = net.InputResolution;
        State stem = net.Stem == CellStem.ImageNet
            ? new State(net.StemFilters, rec.Conv("stem.conv", 3, net.StemFilters, 3, 2, r, r, pad: 0).H)
            : new State(net.StemFilters, rec.Conv("stem.conv", 3, net.StemFilters, 3, 1, r, r).H);
        rec.BatchNorm("stem.bn", stem.C, stem.H, stem.H);

        // Outputs in schedule numbering: 0 = stem, k = k-th cell.
        var outputs = new List<State> { stem };
        foreach (var cell in CellSchedule.Of(net))
            outputs.Add(Cell(rec, cell.Name, cell.Genotype(net), cell.Reduction, cell.Filters,
                outputs[cell.Cur], cell.Prev is int p ? outputs[p] : null));

        var last = outputs[^1];
        rec.Linear("head.classifier", last.C, net.NumClasses);
        return new CostReport(rec.Layers, last.H);
    }

    private static State Cell(LayerRecorder rec, string name, CellGenotype g, bool reduction, int f, State cur, State? prev)
    {
        State p;
        if (prev is null) p = cur;
        else if (prev.H != cur.H)
        {
            if (LayerRecorder.OutSize(prev.H, 1, 2, 0) != cur.H)
                throw new ArgumentException($"{name}: h_(i-1) is {prev.H}x{prev.H} but h_i is {cur.H}x{cur.H}; only a 2x difference can be reduced.");
            p = FactorizedReduction(rec, $"{name}.prev", prev, f);
        }
        else if (prev.C != f)
        {
            rec.Conv($"{name}.prev.conv", prev.C, f, 1, 1, prev.H, prev.H);
            rec.BatchNorm($"{name}.prev.bn", f, prev.H, prev.H);
            p = new State(f, prev.H);
        }
        else p = prev;

        rec.Conv($"{name}.cur.conv", cur.C, f, 1, 1, cur.H, cur.H);
        rec.BatchNorm($"{name}.cur.bn", f, cur.H, cur.H);

        var states = new List<State> { p, new(f, cur.H) };
        for (int b = 0; b < g.Blocks.Count; b++)
        {
            var blk = g.Blocks[b];
            var left = Op(rec, $"{name}.blocks.{b}.left", blk.Op1, states[blk.Input1], Stride(reduction, blk.Input1), f);
            var right = Op(rec, $"{name}.blocks.{b}.right", blk.Op2, states[blk.Input2], Stride(reduction, blk.Input2), f);
            if (left.H != right.H)
                throw new ArgumentException($"{name}: block {b + 1} adds a {left.H}x{left.H} and a {right.H}x{right.H} map.");
            states.Add(left);
        }

        var final = states[^1];
        int channels = 0;
        foreach (int s in g.Concat)
        {
            var st = states[s];
            if (st.C != final.C || st.H != final.H)
            {
                // TF _combine_unused_states: a stride-1 "factorized reduction" is just 1x1 conv + BN.
                if (st.H != final.H) st = FactorizedReduction(rec, $"{name}.concat.{s}", st, final.C);
                else
                {
                    rec.Conv($"{name}.concat.{s}.conv", st.C, final.C, 1, 1, st.H, st.H);
                    rec.BatchNorm($"{name}.concat.{s}.bn", final.C, st.H, st.H);
                    st = new State(final.C, st.H);
                }
            }
            channels += st.C;
        }
        return new State(channels, final.H);
    }

    private static int Stride(bool reduction, int input) => reduction && input < 2 ? 2 : 1;

    /// <summary>Two stride-2 1x1 convs on (offset) subsamplings, int(F/2) each (TF), concatenated, BN.</summary>
    private static State FactorizedReduction(LayerRecorder rec, string name, State x, int f)
    {
        int h = LayerRecorder.OutSize(x.H, 1, 2, 0);
        rec.Conv($"{name}.path1.conv", x.C, f / 2, 1, 1, h, h);
        rec.Conv($"{name}.path2.conv", x.C, f / 2, 1, 1, h, h);
        rec.BatchNorm($"{name}.bn", 2 * (f / 2), h, h);
        return new State(2 * (f / 2), h);
    }

    private static State Op(LayerRecorder rec, string name, CellOp op, State x, int stride, int f)
    {
        int k = CellOps.Kernel(op);
        int h = x.H;
        switch (op)
        {
            case CellOp.Identity:
                if (stride == 1 && x.C == f) return x;
                h = rec.Conv($"{name}.conv", x.C, f, 1, stride, x.H, x.H).H;
                rec.BatchNorm($"{name}.bn", f, h, h);
                return new State(f, h);
            case var _ when CellOps.IsPool(op):
                h = LayerRecorder.OutSize(x.H, k, stride, k / 2);
                if (x.C == f) return new State(f, h);
                rec.Conv($"{name}.conv", x.C, f, 1, 1, h, h);
                rec.BatchNorm($"{name}.bn", f, h, h);
                return new State(f, h);
            case CellOp.SepConv3x3 or CellOp.SepConv5x5 or CellOp.SepConv7x7:
                h = rec.Conv($"{name}.sep1.dw", x.C, x.C, k, stride, x.H, x.H, groups: x.C).H;
                rec.Conv($"{name}.sep1.pw", x.C, f, 1, 1, h, h);
                rec.BatchNorm($"{name}.sep1.bn", f, h, h);
                rec.Conv($"{name}.sep2.dw", f, f, k, 1, h, h, groups: f);
                rec.Conv($"{name}.sep2.pw", f, f, 1, 1, h, h);
                rec.BatchNorm($"{name}.sep2.bn", f, h, h);
                return new State(f, h);
            case CellOp.Conv1x3Then3x1 or CellOp.Conv1x7Then7x1:
                // DARTS convention: (1,k) stride (1,s), then (k,1) stride (s,1), one BN.
                var (h1, w1) = rec.Conv($"{name}.conv1", x.C, f, 1, k, 1, stride, x.H, x.H, 1, false, 0, k / 2, 1);
                h = rec.Conv($"{name}.conv2", f, f, k, 1, stride, 1, h1, w1, 1, false, k / 2, 0, 1).H;
                rec.BatchNorm($"{name}.bn", f, h, h);
                return new State(f, h);
            case CellOp.DilConv3x3:
                h = rec.Conv($"{name}.conv", x.C, f, 3, stride, x.H, x.H, dilation: 2).H;
                rec.BatchNorm($"{name}.bn", f, h, h);
                return new State(f, h);
            default: // Conv1x1, Conv3x3
                h = rec.Conv($"{name}.conv", x.C, f, k, stride, x.H, x.H).H;
                rec.BatchNorm($"{name}.bn", f, h, h);
                return new State(f, h);
        }
    }
}
