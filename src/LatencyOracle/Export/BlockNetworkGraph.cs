using NasLab.LatencyOracle.Graph;
using NasLab.SearchSpace.Architecture;

namespace NasLab.LatencyOracle.Export;

/// <summary>
/// The forward pass of a <see cref="BlockNetwork"/> (as <c>BlockNetworkModule</c> computes it in eval
/// mode) written as ONNX. Stem, block and head are separate entry points because the latency lookup
/// table exports and measures them one at a time.
/// </summary>
internal static class BlockNetworkGraph
{
    public static OnnxValue Network(LayerEmitter e, OnnxValue x, BlockNetwork net)
    {
        x = Stem(e, x, net.Stem);
        for (var i = 0; i < net.Stages.Count; i++)
        {
            var spec = net.Stages[i];
            for (var j = 0; j < spec.Repeats; j++)
                x = Block(e, x, spec, j == 0 ? spec.Stride : 1, $"stages.{i}.{j}");
        }
        return Head(e, x, net.Head, net.NumClasses);
    }

    public static OnnxValue Stem(LayerEmitter e, OnnxValue x, StemSpec stem)
    {
        x = e.ConvBn(x, "stem.conv", "stem.bn", stem.Channels, stem.Kernel, stem.Kernel, LayerEmitter.Same(stem.Kernel, stem.Stride));
        return e.Activation(x, stem.Activation, "stem.act");
    }

    /// <summary>One repeat of a stage (BlockModule): conv / separable / MBConv body, SE, shortcut.</summary>
    public static OnnxValue Block(LayerEmitter e, OnnxValue x, BlockSpec b, int stride, string name)
    {
        var cin = e.Channels(x);
        var se = b.SeChannels(cin);
        OnnxValue y;
        switch (b.Op)
        {
            case BlockOp.Conv:
                var k = b.Kernels[0];
                y = e.ConvBn(x, $"{name}.conv", $"{name}.bn", b.OutChannels, k, k, LayerEmitter.Same(k, stride));
                y = e.Activation(y, b.Activation, $"{name}.act");
                if (se > 0) y = SqueezeExcite(e, y, b, se, $"{name}.se");
                break;
            case BlockOp.SepConv:
                y = Depthwise(e, x, b, stride, $"{name}.dw");
                if (se > 0) y = SqueezeExcite(e, y, b, se, $"{name}.se");
                y = e.ConvBn(y, $"{name}.pw.conv", $"{name}.pw.bn", b.OutChannels, 1, 1, LayerEmitter.Same(1, 1, b.ProjectGroups));
                if (b.ProjectActivation) y = e.Activation(y, b.Activation, $"{name}.pw.act");
                break;
            default:
                var mid = b.MidChannels(cin);
                y = x;
                if (mid != cin)
                {
                    y = e.ConvBn(y, $"{name}.expand.conv", $"{name}.expand.bn", mid, 1, 1, LayerEmitter.Same(1, 1, b.ExpandGroups));
                    y = e.Activation(y, b.Activation, $"{name}.expand.act");
                }
                y = Depthwise(e, y, b, stride, $"{name}.dw");
                if (se > 0) y = SqueezeExcite(e, y, b, se, $"{name}.se");
                y = e.ConvBn(y, $"{name}.project.conv", $"{name}.project.bn", b.OutChannels, 1, 1, LayerEmitter.Same(1, 1, b.ProjectGroups));
                break;
        }
        return b.Skip switch
        {
            SkipOp.Identity when stride == 1 && cin == b.OutChannels => e.Graph.Add(x, y, $"{name}.add"),
            SkipOp.Pool => e.Graph.Add(y, PoolShortcut(e, x, b, stride, name), $"{name}.add"),
            _ => y,
        };
    }

    /// <summary>Global pool, classifier: optional 1x1 conv + BN + act before, optional hidden linear + act; dropout is the identity.</summary>
    public static OnnxValue Head(LayerEmitter e, OnnxValue x, HeadSpec head, int classes)
    {
        var g = e.Graph;
        if (head.ConvChannels is int hc)
        {
            x = e.ConvBn(x, "head.conv", "head.bn", hc, 1, 1, LayerEmitter.Same(1, 1));
            x = e.Activation(x, head.ConvActivation, "head.act");
        }
        x = g.GlobalAveragePool(x, "head.pool");
        if (head.Classifier == ClassifierKind.Conv1x1)
            return g.Flatten(e.PlainConv(x, "head.classifier", classes, 1, 1, LayerEmitter.Same(1, 1), bias: true), 1, "head.flatten");
        x = g.Flatten(x, 1, "head.flatten");
        if (head.HiddenFeatures is int hf)
            x = e.Activation(e.Linear(x, "head.hidden", hf), head.HiddenActivation, "head.hidden.act");
        return e.Linear(x, "head.classifier", classes);
    }

    /// <summary>Depthwise conv + BN + act; MixConv splits channels (remainder to group 0), one kernel per group.</summary>
    private static OnnxValue Depthwise(LayerEmitter e, OnnxValue x, BlockSpec b, int stride, string name)
    {
        var c = e.Channels(x);
        OnnxValue y;
        if (b.Kernels.Count == 1)
        {
            var k = b.Kernels[0];
            y = e.ConvBn(x, $"{name}.conv", $"{name}.bn", c, k, k, LayerEmitter.Same(k, stride, c));
        }
        else
        {
            var split = Channels.Split(c, b.Kernels.Count);
            var parts = e.Graph.Split(x, 1, split.Select(s => (long)s).ToArray(), $"{name}.split");
            var convs = parts.Select((p, i) => (p, $"{name}.conv.{i}", split[i], b.Kernels[i], LayerEmitter.Same(b.Kernels[i], stride, split[i]))).ToList();
            y = e.Graph.Concat(1, e.ConvsWithSharedBn(convs, $"{name}.bn"), $"{name}.concat");
        }
        return e.Activation(y, b.Activation, $"{name}.act");
    }

    /// <summary>Pool, reduce (bias) + act, expand (bias), gate: sigmoid after the block act, or ReLU + hard-sigmoid (MobileNetV3).</summary>
    private static OnnxValue SqueezeExcite(LayerEmitter e, OnnxValue x, BlockSpec b, int reduced, string name)
    {
        var g = e.Graph;
        var c = e.Channels(x);
        var s = g.GlobalAveragePool(x, $"{name}.pool");
        s = e.PlainConv(s, $"{name}.reduce", reduced, 1, 1, LayerEmitter.Same(1, 1), bias: true);
        s = e.Activation(s, b.SeStyle == SeStyle.Block ? b.Activation : Activation.ReLU, $"{name}.act");
        s = e.PlainConv(s, $"{name}.expand", c, 1, 1, LayerEmitter.Same(1, 1), bias: true);
        var gate = b.SeStyle == SeStyle.Block ? g.Sigmoid(s, $"{name}.gate") : g.HardSigmoid(s, name: $"{name}.gate");
        return g.Mul(x, gate, $"{name}.scale");
    }

    /// <summary>Average pool (kernel = stride, ceil mode, padding excluded) to the output size, then 1x1 + BN if channels differ.</summary>
    private static OnnxValue PoolShortcut(LayerEmitter e, OnnxValue x, BlockSpec b, int stride, string name)
    {
        var s = stride > 1
            ? e.Graph.AveragePool(x, PoolOptions.Square(stride, stride, 0, countIncludePad: false, ceilMode: true), $"{name}.skip.pool")
            : x;
        return e.Channels(x) != b.OutChannels
            ? e.ConvBn(s, $"{name}.skip.conv", $"{name}.skip.bn", b.OutChannels, 1, 1, LayerEmitter.Same(1, 1))
            : s;
    }
}
