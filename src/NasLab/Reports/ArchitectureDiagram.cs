using System.Globalization;
using System.Xml.Linq;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Blocks;
using static NasLab.Cli.Reports.ReportMarkup;

namespace NasLab.Cli.Reports;

/// <summary>
/// A block network as a row of boxes: stem, one box per stage (op and repeats, kernels, expansion, SE,
/// output channels, stride), head. Box colour encodes the op, so a glance shows where MBConv, separable
/// and regular convs sit.
/// </summary>
internal static class ArchitectureDiagram
{
    private const double BoxWidth = 96, BoxHeight = 112, Gap = 18, Pad = 10;

    /// <summary>The diagram's styles, used by the report's stylesheet and carried inside the SVG the dashboard shows.</summary>
    public const string Css = """
        .box rect { stroke: #39404d; stroke-width: 1; }
        .box.stem rect, .box.head rect { fill: #e8ebf0; }
        .box.mbconv rect { fill: #dbe8f7; }
        .box.sepconv rect { fill: #def2e2; }
        .box.conv rect { fill: #f7ecd6; }
        .box-title { font-size: 12px; font-weight: 700; fill: #1d2330; }
        .box-line { font-size: 11px; fill: #1d2330; }
        .arrow { fill: none; stroke: #5b6475; stroke-width: 1.5; }

        """;

    /// <summary>The diagram with its styles inside, for a page that does not carry the report's stylesheet.</summary>
    public static XElement RenderStandalone(BlockNetwork net)
    {
        var svg = Render(net);
        svg.AddFirst(new XElement(svg.Name.Namespace + "style", Css));
        return svg;
    }

    public static XElement Render(BlockNetwork net)
    {
        var boxes = new List<(string Title, string CssClass, string[] Lines)>
        {
            ("stem", "stem", [$"conv {K(net.Stem.Kernel)}", $"c{net.Stem.Channels}", $"s{net.Stem.Stride}", Act(net.Stem.Activation)]),
        };
        foreach (var (stage, i) in net.Stages.Select((s, i) => (s, i)).Where(p => p.s.Repeats > 0))
            boxes.Add(($"stage {i}", OpClass(stage.Op), StageLines(stage)));
        boxes.Add(("head", "head", HeadLines(net)));

        double width = Pad * 2 + boxes.Count * BoxWidth + (boxes.Count - 1) * Gap, height = BoxHeight + Pad * 2;
        var svg = SvgRoot(width, height, $"Block diagram of {net.Name}");
        for (int b = 0; b < boxes.Count; b++)
        {
            double x = Pad + b * (BoxWidth + Gap), y = Pad;
            var (title, cssClass, lines) = boxes[b];
            var g = S("g", A("class", "box " + cssClass),
                S("rect", A("x", x), A("y", y), A("width", BoxWidth), A("height", BoxHeight), A("rx", 6)),
                Text(x + BoxWidth / 2, y + 17, title, "box-title", "middle"));
            for (int l = 0; l < lines.Length; l++) g.Add(Text(x + BoxWidth / 2, y + 36 + l * 15, lines[l], "box-line", "middle"));
            svg.Add(g);
            if (b + 1 < boxes.Count)
            {
                double ax = x + BoxWidth + 2, ay = y + BoxHeight / 2;
                svg.Add(S("path", A("class", "arrow"), A("d", $"M{F(ax)},{F(ay)} h{F(Gap - 8)} m-5,-4 l5,4 l-5,4")));
            }
        }
        return svg;
    }

    private static string[] StageLines(BlockSpec s)
    {
        var definition = BlockDefinitions.For(s.Op);
        var lines = new List<string>
        {
            $"{definition.DisplayName} ×{s.Repeats}",
            "k" + string.Join("/", s.Kernels),
            definition.Expands ? (s.ExpandedChannels is int x ? $"x{x}" : $"e{Num(s.Expansion)}") : "—",
            s.SeRatio > 0 ? $"SE {Num(s.SeRatio)}" : "no SE",
            $"c{s.OutChannels}  s{s.Stride}",
        };
        return [.. lines];
    }

    private static string[] HeadLines(BlockNetwork net)
    {
        var h = net.Head;
        var lines = new List<string>();
        if (h.ConvChannels is int c) lines.Add($"conv1x1 c{c}");
        lines.Add("avg pool");
        if (h.HiddenFeatures is int f) lines.Add($"fc {f}");
        lines.Add($"{(h.Classifier == ClassifierKind.Conv1x1 ? "conv" : "fc")} {net.NumClasses}");
        return [.. lines];
    }

    /// <summary>CSS class of a stage box: the op's display name in lower case ("mbconv", "sepconv", "conv").</summary>
    private static string OpClass(BlockOp op) => BlockDefinitions.For(op).DisplayName.ToLowerInvariant();
    private static string K(int k) => $"{k}x{k}";
    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
    private static string Act(Activation a) => a == Activation.None ? "linear" : a.ToString().ToLowerInvariant();
}
