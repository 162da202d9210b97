using NasLab.LatencyOracle.Graph;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Blocks;

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
        foreach (var repeat in BlockRepeats.Of(net))
            x = Block(e, x, repeat.Plan, repeat.Name);
        return Head(e, x, net.Head, net.NumClasses);
    }

    public static OnnxValue Stem(LayerEmitter e, OnnxValue x, StemSpec stem)
    {
        x = e.ConvBn(x, "stem.conv", "stem.bn", stem.Channels, stem.Kernel, stem.Kernel, LayerEmitter.Same(stem.Kernel, stem.Stride));
        return e.Activation(x, stem.Activation, "stem.act");
    }

    /// <summary>One repeat of a stage (BlockModule): its plan's body parts in order, then the shortcut.</summary>
    public static OnnxValue Block(LayerEmitter e, OnnxValue x, BlockPlan plan, string name)
    {
        var y = x;
        foreach (var part in plan.Body)
        {
            y = part switch
            {
                ConvBnActPart p => ConvBnAct(e, y, p, name),
                DepthwisePart p => Depthwise(e, y, p, name),
                SqueezeExcitePart p => SqueezeExcite(e, y, p, name),
                _ => throw new NotSupportedException($"{name}: ONNX export does not know block part {part.GetType().Name}."),
            };
        }
        return plan.Shortcut.Kind switch
        {
            ShortcutKind.Identity => e.Graph.Add(x, y, $"{name}.add"),
            ShortcutKind.Pool => e.Graph.Add(y, PoolShortcut(e, x, plan.Shortcut, name), $"{name}.add"),
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

    /// <summary>Conv + BN (folded) + act; a linear part (project, skip) emits no activation node.</summary>
    private static OnnxValue ConvBnAct(LayerEmitter e, OnnxValue x, ConvBnActPart p, string name)
    {
        var y = e.ConvBn(x, $"{name}.{p.ConvName}", $"{name}.{p.BnName}", p.OutChannels, p.Kernel, p.Kernel, LayerEmitter.Same(p.Kernel, p.Stride, p.Groups));
        return e.Activation(y, p.Activation, $"{name}.{p.Child("act")}");
    }

    /// <summary>Depthwise conv + BN + act; MixConv splits channels by the part's splits, one kernel per group, BN shared.</summary>
    private static OnnxValue Depthwise(LayerEmitter e, OnnxValue x, DepthwisePart p, string name)
    {
        OnnxValue y;
        if (!p.IsMixConv)
        {
            var k = p.Kernels[0];
            y = e.ConvBn(x, $"{name}.{p.ConvName(0)}", $"{name}.{p.BnName}", p.Channels, k, k, LayerEmitter.Same(k, p.Stride, p.Channels));
        }
        else
        {
            var split = p.Splits;
            var parts = e.Graph.Split(x, 1, split.Select(s => (long)s).ToArray(), $"{name}.{p.Child("split")}");
            var convs = parts.Select((v, i) => (v, $"{name}.{p.ConvName(i)}", split[i], p.Kernels[i], LayerEmitter.Same(p.Kernels[i], p.Stride, split[i]))).ToList();
            y = e.Graph.Concat(1, e.ConvsWithSharedBn(convs, $"{name}.{p.BnName}"), $"{name}.{p.Child("concat")}");
        }
        return e.Activation(y, p.Activation, $"{name}.{p.Child("act")}");
    }

    /// <summary>Pool, reduce (bias) + act, expand (bias), gate (sigmoid or hard-sigmoid), scale.</summary>
    private static OnnxValue SqueezeExcite(LayerEmitter e, OnnxValue x, SqueezeExcitePart p, string block)
    {
        var g = e.Graph;
        var name = $"{block}.{p.Name}";
        var s = g.GlobalAveragePool(x, $"{name}.pool");
        s = e.PlainConv(s, $"{block}.{p.ReduceName}", p.Reduced, 1, 1, LayerEmitter.Same(1, 1), bias: true);
        s = e.Activation(s, p.Activation, $"{name}.act");
        s = e.PlainConv(s, $"{block}.{p.ExpandName}", p.Channels, 1, 1, LayerEmitter.Same(1, 1), bias: true);
        var gate = p.Gate == SeGate.Sigmoid ? g.Sigmoid(s, $"{name}.gate") : g.HardSigmoid(s, name: $"{name}.gate");
        return g.Mul(x, gate, $"{name}.scale");
    }

    /// <summary>Average pool (kernel = stride, ceil mode, padding excluded) to the output size, then the projection if any.</summary>
    private static OnnxValue PoolShortcut(LayerEmitter e, OnnxValue x, BlockShortcut shortcut, string name)
    {
        var s = shortcut.PoolStride > 1
            ? e.Graph.AveragePool(x, PoolOptions.Square(shortcut.PoolStride, shortcut.PoolStride, 0, countIncludePad: false, ceilMode: true), $"{name}.skip.pool")
            : x;
        return shortcut.Projection is { } p ? ConvBnAct(e, s, p, name) : s;
    }
}
