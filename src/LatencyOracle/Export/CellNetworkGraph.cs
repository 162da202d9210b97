using NasLab.LatencyOracle.Graph;
using NasLab.SearchSpace.Cells;

namespace NasLab.LatencyOracle.Export;

/// <summary>
/// The forward pass of a NASNet-style <see cref="CellNetwork"/> (as <c>CellNetworkModule</c> computes
/// it in eval mode, TF-slim semantics; see src/SearchSpace/BUILDER_NOTES.md) written as ONNX.
/// Channel counts and sides of the cell states are read back from the graph's shape inference.
/// </summary>
internal static class CellNetworkGraph
{
    public static OnnxValue Network(LayerEmitter e, OnnxValue x, CellNetwork net)
    {
        var imageNet = net.Stem == CellStem.ImageNet;
        // The ImageNet stem is an unpadded stride-2 conv and has no activation (cells ReLU their inputs).
        var stem = e.ConvBn(x, "stem.conv", "stem.bn", net.StemFilters, 3, 3,
            imageNet ? ConvOptions.Symmetric(2, 0) : ConvOptions.Symmetric(1, 1));

        // Cell outputs in schedule numbering: 0 = stem, k = k-th cell.
        var outputs = new List<OnnxValue> { stem };
        foreach (var cell in CellSchedule.Of(net))
            outputs.Add(Cell(e, cell.Name, cell.Genotype(net), cell.Reduction, cell.Filters,
                outputs[cell.Cur], cell.Prev is int p ? outputs[p] : (OnnxValue?)null));

        var g = e.Graph;
        var y = g.Flatten(g.GlobalAveragePool(g.Relu(outputs[^1], "head.relu"), "head.pool"), 1, "head.flatten");
        return e.Linear(y, "head.classifier", net.NumClasses);
    }

    private static OnnxValue Cell(LayerEmitter e, string name, CellGenotype genotype, bool reduction, int f, OnnxValue cur, OnnxValue? prev)
    {
        var g = e.Graph;
        OnnxValue p;
        if (prev is not { } prevValue) p = cur; // first stem cell: h_(i-1) is the raw h_i
        else if (e.Height(prevValue) != e.Height(cur))
            p = FactorizedReduction(e, g.Relu(prevValue, $"{name}.prev.relu"), f, $"{name}.prev");
        else if (e.Channels(prevValue) != f)
            p = e.ConvBn(g.Relu(prevValue, $"{name}.prev.relu"), $"{name}.prev.conv", $"{name}.prev.bn", f, 1, 1, ConvOptions.Symmetric());
        else p = prevValue;
        var c = e.ConvBn(g.Relu(cur, $"{name}.cur.relu"), $"{name}.cur.conv", $"{name}.cur.bn", f, 1, 1, ConvOptions.Symmetric());

        var states = new List<OnnxValue> { p, c };
        for (var b = 0; b < genotype.Blocks.Count; b++)
        {
            var block = genotype.Blocks[b];
            var left = Op(e, states[block.Input1], block.Op1, Stride(reduction, block.Input1), f, $"{name}.blocks.{b}.left");
            var right = Op(e, states[block.Input2], block.Op2, Stride(reduction, block.Input2), f, $"{name}.blocks.{b}.right");
            states.Add(g.Add(left, right, $"{name}.blocks.{b}.add"));
        }

        var final = states[^1];
        var parts = new List<OnnxValue>();
        foreach (var s in genotype.Concat)
        {
            var state = states[s];
            var sizeDiffers = e.Height(state) != e.Height(final);
            if (sizeDiffers)
                parts.Add(FactorizedReduction(e, state, e.Channels(final), $"{name}.concat.{s}"));
            else if (e.Channels(state) != e.Channels(final))
                parts.Add(e.ConvBn(state, $"{name}.concat.{s}.conv", $"{name}.concat.{s}.bn", e.Channels(final), 1, 1, ConvOptions.Symmetric()));
            else parts.Add(state);
        }
        return g.Concat(1, parts, $"{name}.concat");
    }

    private static int Stride(bool reduction, int input) => reduction && input < 2 ? 2 : 1;

    /// <summary>
    /// Two stride-2 1x1 convs, on x and on x shifted by one pixel (pad right/bottom, drop the first
    /// row and column), concatenated; the BN over the concatenation is folded into the two convs.
    /// </summary>
    private static OnnxValue FactorizedReduction(LayerEmitter e, OnnxValue x, int f, string name)
    {
        var g = e.Graph;
        int h = e.Height(x), w = e.Width(x);
        var padded = g.Pad(x, [0, 0, 0, 0, 0, 0, 1, 1], name: $"{name}.path2.pad");
        var shifted = g.Slice(padded, [1, 1], [h + 1, w + 1], [2, 3], name: $"{name}.path2.shift");
        var stride2 = ConvOptions.Symmetric(2, 0);
        var convs = e.ConvsWithSharedBn(
        [
            (x, $"{name}.path1.conv", f / 2, 1, stride2),
            (shifted, $"{name}.path2.conv", f / 2, 1, stride2),
        ], $"{name}.bn");
        return g.Concat(1, convs, $"{name}.concat");
    }

    /// <summary>One NASNet operation (CellOpModule), with the ReLU placement of TF-slim.</summary>
    private static OnnxValue Op(LayerEmitter e, OnnxValue x, CellOp op, int stride, int f, string name)
    {
        var g = e.Graph;
        var k = CellOps.Kernel(op);
        var cin = e.Channels(x);
        switch (op)
        {
            case CellOp.Identity:
                if (stride == 1 && cin == f) return x;
                return e.ConvBn(g.Relu(x, $"{name}.relu"), $"{name}.conv", $"{name}.bn", f, 1, 1, ConvOptions.Symmetric(stride));
            case var _ when CellOps.IsPool(op):
                var pool = PoolOptions.Square(k, stride, k / 2, countIncludePad: false);
                var pooled = op == CellOp.AvgPool3x3 ? g.AveragePool(x, pool, $"{name}.pool") : g.MaxPool(x, pool, $"{name}.pool");
                return cin == f ? pooled : e.ConvBn(pooled, $"{name}.conv", $"{name}.bn", f, 1, 1, ConvOptions.Symmetric());
            case CellOp.SepConv3x3 or CellOp.SepConv5x5 or CellOp.SepConv7x7:
                var y = SeparableConvBn(e, x, f, k, stride, $"{name}.sep1");
                return SeparableConvBn(e, y, f, k, 1, $"{name}.sep2");
            case CellOp.Conv1x3Then3x1 or CellOp.Conv1x7Then7x1:
                var first = e.PlainConv(g.Relu(x, $"{name}.relu"), $"{name}.conv1", f, 1, k, new ConvOptions(1, [1, stride], [0, k / 2, 0, k / 2]), bias: false);
                return e.ConvBn(first, $"{name}.conv2", $"{name}.bn", f, k, 1, new ConvOptions(1, [stride, 1], [k / 2, 0, k / 2, 0]));
            case CellOp.DilConv3x3:
                return e.ConvBn(g.Relu(x, $"{name}.relu"), $"{name}.conv", $"{name}.bn", f, 3, 3, LayerEmitter.Same(3, stride, dilation: 2));
            case CellOp.Conv1x1 or CellOp.Conv3x3:
                return e.ConvBn(g.Relu(x, $"{name}.relu"), $"{name}.conv", $"{name}.bn", f, k, k, LayerEmitter.Same(k, stride));
            default:
                throw new NotSupportedException($"{name}: cell op {op} has no ONNX export.");
        }
    }

    /// <summary>ReLU, depthwise k x k (no BN between), pointwise 1x1 + BN.</summary>
    private static OnnxValue SeparableConvBn(LayerEmitter e, OnnxValue x, int f, int k, int stride, string name)
    {
        var cin = e.Channels(x);
        var dw = e.PlainConv(e.Graph.Relu(x, $"{name}.relu"), $"{name}.dw", cin, k, k, LayerEmitter.Same(k, stride, cin), bias: false);
        return e.ConvBn(dw, $"{name}.pw", $"{name}.bn", f, 1, 1, ConvOptions.Symmetric());
    }
}
