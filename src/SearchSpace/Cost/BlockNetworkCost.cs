using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Blocks;

namespace NasLab.SearchSpace.Cost;

/// <summary>Walks a <see cref="BlockNetwork"/> in forward order and records its layers.</summary>
internal static class BlockNetworkCost
{
    public static CostReport Compute(BlockNetwork net)
    {
        var rec = new LayerRecorder();
        int h = net.InputResolution, w = h;
        (h, w) = rec.Conv("stem.conv", 3, net.Stem.Channels, net.Stem.Kernel, net.Stem.Stride, h, w);
        rec.BatchNorm("stem.bn", net.Stem.Channels, h, w);
        int c = net.Stem.Channels;

        foreach (var repeat in BlockRepeats.Of(net))
        {
            (h, w) = Block(rec, repeat.Name, repeat.Plan, h, w);
            c = repeat.Plan.OutChannels;
        }

        var head = net.Head;
        if (head.ConvChannels is int hc)
        {
            rec.Conv("head.conv", c, hc, 1, 1, h, w);
            rec.BatchNorm("head.bn", hc, h, w);
            c = hc;
        }
        if (head.HiddenFeatures is int hf)
        {
            rec.Linear("head.hidden", c, hf);
            c = hf;
        }
        // A 1x1 conv on the pooled 1x1 map costs exactly what the linear layer does; the layer kind tells the builder which to create.
        if (head.Classifier == ClassifierKind.Conv1x1) rec.Conv("head.classifier", c, net.NumClasses, 1, 1, 1, 1, bias: true);
        else rec.Linear("head.classifier", c, net.NumClasses);
        return new CostReport(rec.Layers, h);
    }

    /// <summary>Records the plan's layers; parameter-free steps (activations, pools, adds) cost nothing.</summary>
    private static (int H, int W) Block(LayerRecorder rec, string name, BlockPlan plan, int h, int w)
    {
        foreach (var part in plan.Body)
        {
            switch (part)
            {
                case ConvBnActPart p:
                    (h, w) = ConvBn(rec, name, p, h, w);
                    break;
                case DepthwisePart p:
                    (int H, int W) size = (h, w);
                    for (int g = 0; g < p.Splits.Count; g++)
                        size = rec.Conv($"{name}.{p.ConvName(g)}", p.Splits[g], p.Splits[g], p.Kernels[g], p.Stride, h, w, groups: p.Splits[g]);
                    rec.BatchNorm($"{name}.{p.BnName}", p.Channels, size.H, size.W);
                    (h, w) = size;
                    break;
                case SqueezeExcitePart p:
                    rec.Conv($"{name}.{p.ReduceName}", p.Channels, p.Reduced, 1, 1, 1, 1, bias: true);
                    rec.Conv($"{name}.{p.ExpandName}", p.Reduced, p.Channels, 1, 1, 1, 1, bias: true);
                    break;
                default:
                    throw new NotSupportedException($"{name}: the cost model does not know part {part.GetType().Name}.");
            }
        }
        // Pool skip: avg-pool (no cost) to the output size, then the projection if there is one.
        if (plan.Shortcut.Projection is { } projection) ConvBn(rec, name, projection, h, w);
        return (h, w);
    }

    private static (int H, int W) ConvBn(LayerRecorder rec, string name, ConvBnActPart p, int h, int w)
    {
        (h, w) = rec.Conv($"{name}.{p.ConvName}", p.InChannels, p.OutChannels, p.Kernel, p.Stride, h, w, groups: p.Groups);
        rec.BatchNorm($"{name}.{p.BnName}", p.OutChannels, h, w);
        return (h, w);
    }
}
