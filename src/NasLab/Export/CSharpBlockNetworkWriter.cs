using System.Text;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Blocks;
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

        var repeats = BlockRepeats.Of(net);
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
            var stage = repeats.Where(r => r.Stage == i).ToList();
            for (int j = 0; j < stage.Count; j++)
                sb.Append("            ").Append(BlockExpression(stage[j].Plan)).Append(j + 1 < stage.Count ? ",\n" : "));\n");
            c = spec.OutChannels;
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

    /// <summary>
    /// The constructor call of one repeat, read off its plan: the helper class of its op, the widths the builder
    /// derives, each part's options, and exactly the shortcut this repeat adds.
    /// </summary>
    private static string BlockExpression(BlockPlan plan)
    {
        var dw = plan.Body.OfType<DepthwisePart>().SingleOrDefault();
        var convs = plan.Body.OfType<ConvBnActPart>().ToList();
        var optional = new List<string>();
        if (plan.Shortcut.Kind != ShortcutKind.None) optional.Add("shortcut: Shortcut." + plan.Shortcut.Kind);
        if (plan.Op == BlockOp.SepConv && convs[^1].Activation != Activation.None) optional.Add("pointwiseActivation: " + Act(convs[^1].Activation));
        if (plan.SqueezeExcite is { } se)
        {
            optional.Add($"seReduced: {Int(se.Reduced)}");
            optional.Add("seActivation: " + Act(se.Activation));
            if (se.Gate == SeGate.HardSigmoid) optional.Add("seGate: Gate.HardSigmoid");
        }
        string Kernels(DepthwisePart p) => "[" + string.Join(", ", p.Kernels.Select(Int)) + "]";
        string head = plan.Op switch
        {
            BlockOp.MBConv => $"new MBConvBlock({Int(plan.InChannels)}, {Int(dw!.Channels)}, {Int(plan.OutChannels)}, kernels: {Kernels(dw)}, stride: {Int(dw.Stride)}, {Act(dw.Activation)}",
            BlockOp.SepConv => $"new SeparableBlock({Int(plan.InChannels)}, {Int(plan.OutChannels)}, kernels: {Kernels(dw!)}, stride: {Int(dw!.Stride)}, {Act(dw.Activation)}",
            _ => $"new ConvBlock({Int(plan.InChannels)}, {Int(plan.OutChannels)}, kernel: {Int(convs[0].Kernel)}, stride: {Int(convs[0].Stride)}, {Act(convs[0].Activation)}",
        };
        if (plan.Op == BlockOp.MBConv)
        {
            if (convs.FirstOrDefault(p => p.Name == "expand") is { Groups: not 1 } expand) optional.Add($"expandGroups: {Int(expand.Groups)}");
            if (convs[^1].Groups != 1) optional.Add($"projectGroups: {Int(convs[^1].Groups)}");
        }
        if (plan.Op == BlockOp.SepConv && convs[^1].Groups != 1) optional.Add($"pointwiseGroups: {Int(convs[^1].Groups)}");
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
        var depthwise = BlockRepeats.Of(net).SelectMany(r => r.Plan.Body).OfType<DepthwisePart>().ToList();
        bool mix = depthwise.Any(p => p.IsMixConv);
        var parts = new List<string> { CSharpHelperModules.Activations, CSharpHelperModules.GlobalAvgPool, CSharpHelperModules.BlockEnums, CSharpHelperModules.ConvBnAct };
        if (depthwise.Count > 0) parts.Add(CSharpHelperModules.DepthwiseBnAct(mix));
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
        return what + $", {ActivationNames.NameOf(b.Activation)}, stride {b.Stride}";
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
