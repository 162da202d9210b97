using NasLab.SearchSpace.Architecture;

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

        for (int i = 0; i < net.Stages.Count; i++)
        {
            var b = net.Stages[i];
            for (int j = 0; j < b.Repeats; j++)
            {
                (h, w) = Block(rec, $"stages.{i}.{j}", b, c, j == 0 ? b.Stride : 1, h, w);
                c = b.OutChannels;
            }
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

    private static (int H, int W) Block(LayerRecorder rec, string name, BlockSpec b, int cin, int stride, int h, int w)
    {
        int mid = b.MidChannels(cin);
        switch (b.Op)
        {
            case BlockOp.Conv:
                (h, w) = rec.Conv($"{name}.conv", cin, b.OutChannels, b.Kernels[0], stride, h, w);
                rec.BatchNorm($"{name}.bn", b.OutChannels, h, w);
                SqueezeExcite(rec, name, b, cin, mid);
                break;
            case BlockOp.SepConv:
                (h, w) = Depthwise(rec, name, b.Kernels, cin, stride, h, w);
                SqueezeExcite(rec, name, b, cin, mid);
                rec.Conv($"{name}.pw.conv", cin, b.OutChannels, 1, 1, h, w, groups: b.ProjectGroups);
                rec.BatchNorm($"{name}.pw.bn", b.OutChannels, h, w);
                break;
            default:
                if (mid != cin)
                {
                    rec.Conv($"{name}.expand.conv", cin, mid, 1, 1, h, w, groups: b.ExpandGroups);
                    rec.BatchNorm($"{name}.expand.bn", mid, h, w);
                }
                (h, w) = Depthwise(rec, name, b.Kernels, mid, stride, h, w);
                SqueezeExcite(rec, name, b, cin, mid);
                rec.Conv($"{name}.project.conv", mid, b.OutChannels, 1, 1, h, w, groups: b.ProjectGroups);
                rec.BatchNorm($"{name}.project.bn", b.OutChannels, h, w);
                break;
        }
        // Pool skip: avg-pool (no cost) to the output size, then a projection only if channels differ.
        if (b.Skip == SkipOp.Pool && cin != b.OutChannels)
        {
            rec.Conv($"{name}.skip.conv", cin, b.OutChannels, 1, 1, h, w);
            rec.BatchNorm($"{name}.skip.bn", b.OutChannels, h, w);
        }
        return (h, w);
    }

    private static (int H, int W) Depthwise(LayerRecorder rec, string name, IReadOnlyList<int> kernels, int c, int stride, int h, int w)
    {
        (int H, int W) size = (h, w);
        if (kernels.Count == 1)
            size = rec.Conv($"{name}.dw.conv", c, c, kernels[0], stride, h, w, groups: c);
        else
        {
            var split = Channels.Split(c, kernels.Count);
            for (int g = 0; g < kernels.Count; g++)
                size = rec.Conv($"{name}.dw.conv.{g}", split[g], split[g], kernels[g], stride, h, w, groups: split[g]);
        }
        rec.BatchNorm($"{name}.dw.bn", c, size.H, size.W);
        return size;
    }

    private static void SqueezeExcite(LayerRecorder rec, string name, BlockSpec b, int cin, int mid)
    {
        int r = b.SeChannels(cin);
        if (r == 0) return;
        rec.Conv($"{name}.se.reduce", mid, r, 1, 1, 1, 1, bias: true);
        rec.Conv($"{name}.se.expand", r, mid, 1, 1, 1, 1, bias: true);
    }
}
