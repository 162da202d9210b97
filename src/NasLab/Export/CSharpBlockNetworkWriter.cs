using System.Text;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Text;
using static NasLab.Cli.Export.CodeText;

namespace NasLab.Cli.Export;

/// <summary>
/// The class body of an exported block network: children (stem, stages, head) as the builder names them, a
/// constructor that spells out every repeat with its derived widths, one property per stage with its block
/// string, forward, and the helper modules the network uses.
/// </summary>
internal static class CSharpBlockNetworkWriter
{
    public static void WriteBody(StringBuilder sb, BlockNetwork net, string className)
    {
        sb.Append("    // Children, named as naslab's builder names them, so its weights load strictly.\n");
        sb.Append("    private readonly ConvBnAct stem;\n");
        sb.Append("    private readonly StageList stages = new();\n");
        sb.Append("    private readonly ClassifierHead head;\n\n");
        WriteConstructor(sb, net, className);
        WriteProperties(sb, net);
        WriteForward(sb, net);
        WriteHelpers(sb, net);
    }

    private static void WriteConstructor(StringBuilder sb, BlockNetwork net, string className)
    {
        sb.Append("    public ").Append(className).Append("() : base(nameof(").Append(className).Append("))\n    {\n");
        var stem = net.Stem;
        int side = Out(net.InputResolution, stem.Stride);
        sb.Append("        // Stem: ").Append(K(stem.Kernel)).Append(" conv, stride ").Append(Int(stem.Stride))
          .Append(", 3 -> ").Append(Int(stem.Channels)).Append(" channels, ").Append(Px(net.InputResolution, side)).Append(".\n");
        sb.Append("        stem = new ConvBnAct(3, ").Append(Int(stem.Channels)).Append(", kernel: ").Append(Int(stem.Kernel))
          .Append(", stride: ").Append(Int(stem.Stride)).Append(", ").Append(Act(stem.Activation)).Append(");\n");

        int c = stem.Channels;
        for (int i = 0; i < net.Stages.Count; i++)
        {
            var spec = net.Stages[i];
            sb.Append('\n');
            if (spec.Repeats == 0)
            {
                // The builder registers an empty container here; it holds no weights, so nothing is needed.
                sb.Append("        // Stage ").Append(Int(i)).Append(": ").Append(BlockString.Format(spec)).Append(" has no repeats; nothing to build.\n");
                continue;
            }
            int outSide = Out(side, spec.Stride);
            sb.Append("        // Stage ").Append(Int(i)).Append(": ").Append(BlockString.Format(spec)).Append('\n');
            sb.Append("        //   ").Append(Describe(spec)).Append(", ").Append(Int(c)).Append(" -> ")
              .Append(Int(spec.OutChannels)).Append(" channels, ").Append(Px(side, outSide)).Append(".\n");
            sb.Append("        stages.Add(").Append(Int(i)).Append(", new Stage(\n");
            for (int j = 0; j < spec.Repeats; j++)
            {
                int stride = j == 0 ? spec.Stride : 1;
                sb.Append("            ").Append(BlockExpression(spec, c, stride, j)).Append(j + 1 < spec.Repeats ? ",\n" : "));\n");
                c = spec.OutChannels;
            }
            side = outSide;
        }

        sb.Append('\n');
        var head = net.Head;
        sb.Append("        // Head: ").Append(DescribeHead(head)).Append(".\n");
        var args = new List<string> { Int(c), "NumClasses", "dropout: " + Num(head.Dropout) };
        if (head.ConvChannels is int hc) { args.Add($"convChannels: {Int(hc)}"); args.Add("convActivation: " + Act(head.ConvActivation)); }
        if (head.HiddenFeatures is int hf) { args.Add($"hiddenFeatures: {Int(hf)}"); args.Add("hiddenActivation: " + Act(head.HiddenActivation)); }
        if (head.Classifier == ClassifierKind.Conv1x1) args.Add("classifier: ClassifierKind.Conv1x1");
        sb.Append("        head = new ClassifierHead(").Append(string.Join(", ", args)).Append(");\n");
        sb.Append("        RegisterComponents();\n");
        sb.Append("    }\n\n");
    }

    /// <summary>The constructor call of one repeat, with the numbers the builder derives spelled out.</summary>
    private static string BlockExpression(BlockSpec b, int cin, int stride, int repeat)
    {
        var optional = new List<string>();
        // Identity skip only adds where shapes match; say exactly what this repeat does.
        var shortcut = b.Skip switch
        {
            SkipOp.Pool => "Shortcut.Pool",
            SkipOp.Identity when b.HasShortcut(cin, repeat) => "Shortcut.Identity",
            _ => null,
        };
        if (shortcut is not null) optional.Add("shortcut: " + shortcut);
        if (b.Op == BlockOp.SepConv && b.ProjectActivation) optional.Add("pointwiseActivation: " + Act(b.Activation));
        int reduced = b.SeChannels(cin);
        if (reduced > 0)
        {
            optional.Add($"seReduced: {Int(reduced)}");
            // MobileNetV3 SE uses ReLU and a hard-sigmoid gate; the MnasNet style reuses the block activation.
            optional.Add("seActivation: " + Act(b.SeStyle == SeStyle.HardSigmoid ? Activation.ReLU : b.Activation));
            if (b.SeStyle == SeStyle.HardSigmoid) optional.Add("seGate: Gate.HardSigmoid");
        }
        string kernels = "[" + string.Join(", ", b.Kernels.Select(Int)) + "]";
        string head = b.Op switch
        {
            BlockOp.MBConv => $"new MBConvBlock({Int(cin)}, {Int(b.MidChannels(cin))}, {Int(b.OutChannels)}, kernels: {kernels}, stride: {Int(stride)}, {Act(b.Activation)}",
            BlockOp.SepConv => $"new SeparableBlock({Int(cin)}, {Int(b.OutChannels)}, kernels: {kernels}, stride: {Int(stride)}, {Act(b.Activation)}",
            _ => $"new ConvBlock({Int(cin)}, {Int(b.OutChannels)}, kernel: {Int(b.Kernels[0])}, stride: {Int(stride)}, {Act(b.Activation)}",
        };
        if (b.Op == BlockOp.MBConv && b.ExpandGroups != 1) optional.Add($"expandGroups: {Int(b.ExpandGroups)}");
        if (b.Op == BlockOp.MBConv && b.ProjectGroups != 1) optional.Add($"projectGroups: {Int(b.ProjectGroups)}");
        if (b.Op == BlockOp.SepConv && b.ProjectGroups != 1) optional.Add($"pointwiseGroups: {Int(b.ProjectGroups)}");
        return head + string.Concat(optional.Select(o => ", " + o)) + ")";
    }

    private static void WriteProperties(StringBuilder sb, BlockNetwork net)
    {
        // Expression-bodied: a backing field of module type would be registered a second time by RegisterComponents().
        sb.Append("    public ConvBnAct Stem => stem;\n");
        for (int i = 0; i < net.Stages.Count; i++)
            if (net.Stages[i].Repeats > 0)
                sb.Append("    /// <summary>").Append(Xml(BlockString.Format(net.Stages[i]))).Append("</summary>\n")
                  .Append("    public Stage Stage").Append(Int(i)).Append(" => stages[").Append(Int(i)).Append("];\n");
        sb.Append("    public ClassifierHead Head => head;\n\n");
    }

    private static void WriteForward(StringBuilder sb, BlockNetwork net)
    {
        sb.Append("    public override Tensor forward(Tensor images)\n    {\n");
        sb.Append("        var y = stem.call(images);\n");
        for (int i = 0; i < net.Stages.Count; i++)
            if (net.Stages[i].Repeats > 0) sb.Append("        y = Stage").Append(Int(i)).Append(".call(y);\n");
        sb.Append("        return head.call(y);\n    }\n");
    }

    /// <summary>Only the helper modules this network uses, so the file stays short.</summary>
    private static void WriteHelpers(StringBuilder sb, BlockNetwork net)
    {
        var used = net.Stages.Where(s => s.Repeats > 0).ToList();
        bool mix = used.Any(s => s.Op != BlockOp.Conv && s.Kernels.Count > 1);
        var parts = new List<string> { CSharpHelperModules.Activations, CSharpHelperModules.GlobalAvgPool, CSharpHelperModules.BlockEnums, CSharpHelperModules.ConvBnAct };
        if (used.Any(s => s.Op != BlockOp.Conv)) parts.Add(CSharpHelperModules.DepthwiseBnAct(mix));
        if (mix) parts.Add(CSharpHelperModules.MixConv);
        parts.Add(CSharpHelperModules.SqueezeExcite);
        parts.Add(CSharpHelperModules.Block);
        if (used.Any(s => s.Op == BlockOp.MBConv)) parts.Add(CSharpHelperModules.MBConvBlock);
        if (used.Any(s => s.Op == BlockOp.SepConv)) parts.Add(CSharpHelperModules.SeparableBlock);
        if (used.Any(s => s.Op == BlockOp.Conv)) parts.Add(CSharpHelperModules.ConvBlock);
        parts.Add(CSharpHelperModules.Stages);
        parts.Add(CSharpHelperModules.ClassifierHead);
        CSharpModelGenerator.WriteHelpers(sb, parts);
    }

    private static string Describe(BlockSpec b)
    {
        var kernels = string.Join("/", b.Kernels.Select(K));
        var what = b.Op switch
        {
            BlockOp.MBConv => $"{Repeats(b.Repeats)} MBConv {kernels}" + (b.ExpandedChannels is int x ? $", expanded to {x}" : $", expansion {Num(b.Expansion)}"),
            BlockOp.SepConv => $"{Repeats(b.Repeats)} separable {kernels}",
            _ => $"{Repeats(b.Repeats)} conv {kernels}",
        };
        if (b.SeRatio > 0) what += $", SE {Num(b.SeRatio)}";
        return what + $", {b.Activation.ToString().ToLowerInvariant()}, stride {b.Stride}";
    }

    private static string DescribeHead(HeadSpec h)
    {
        var parts = new List<string>();
        if (h.ConvChannels is int c) parts.Add($"1x1 conv to {c}");
        parts.Add("global average pool");
        if (h.HiddenFeatures is int f) parts.Add($"linear {f}");
        if (h.Dropout > 0) parts.Add($"dropout {Num(h.Dropout)}");
        parts.Add(h.Classifier == ClassifierKind.Conv1x1 ? "1x1-conv classifier" : "linear classifier");
        return string.Join(", ", parts);
    }

    private static string Repeats(int n) => n == 1 ? "1 block" : $"{n} blocks";
}
