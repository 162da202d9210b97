using System.Xml.Linq;
using NasLab.Cli.Commands;
using NasLab.Search.Store;
using static NasLab.Cli.Reports.ReportMarkup;

namespace NasLab.Cli.Reports;

/// <summary>
/// Accuracy vs latency of every completed trial; Pareto-optimal trials are drawn larger, labelled with
/// their trial number and joined by the front's staircase (everything below-right of it is dominated).
/// Each point carries <c>data-trial</c> and a tooltip.
/// </summary>
internal static class ParetoScatter
{
    public static XElement Render(IReadOnlyList<TrialRecord> completed, IReadOnlyList<TrialRecord> front)
    {
        var frame = new ChartFrame(640, 380);
        var x = frame.X(completed.Select(t => t.LatencyMs!.Value), floor: 0);
        var y = frame.Y(completed.Select(t => t.Accuracy!.Value), floor: 0);
        var svg = SvgRoot(frame.Width, frame.Height, "Accuracy versus latency of completed trials; Pareto front highlighted",
            frame.Axes(x, y, "latency (ms)", "accuracy (%)", ChartFrame.Labels(x), ChartFrame.Labels(y, 100)));

        var onFront = front.Select(t => t.Id).ToHashSet();
        if (front.Count > 1) svg.Add(S("polyline", A("class", "front-line"), A("points", Staircase(front, x, y))));
        foreach (var t in completed.Where(t => !onFront.Contains(t.Id))) svg.Add(Point(t, x, y, "trial", 4));
        foreach (var t in front)
        {
            svg.Add(Point(t, x, y, "pareto", 6));
            svg.Add(Text(x[t.LatencyMs!.Value] + 8, y[t.Accuracy!.Value] - 8, $"#{t.Id}", "point-label"));
        }
        return svg;
    }

    /// <summary>From each front point right to the next one's latency, then up to its accuracy.</summary>
    private static string Staircase(IReadOnlyList<TrialRecord> front, AxisScale x, AxisScale y)
    {
        var points = new List<string>();
        for (int i = 0; i < front.Count; i++)
        {
            var (lx, ly) = (x[front[i].LatencyMs!.Value], y[front[i].Accuracy!.Value]);
            if (i > 0) points.Add($"{F(lx)},{F(y[front[i - 1].Accuracy!.Value])}");
            points.Add($"{F(lx)},{F(ly)}");
        }
        return string.Join(" ", points);
    }

    private static XElement Point(TrialRecord t, AxisScale x, AxisScale y, string cssClass, double radius) =>
        S("circle", A("cx", x[t.LatencyMs!.Value]), A("cy", y[t.Accuracy!.Value]), A("r", radius), A("class", cssClass),
            A("data-trial", t.Id),
            S("title", $"trial {t.Id}{(cssClass == "pareto" ? " (Pareto-optimal)" : "")}: accuracy {TrialFormat.Accuracy(t.Accuracy)}, " +
                       $"latency {TrialFormat.Ms(t.LatencyMs)} ms, reward {TrialFormat.Reward(t.Reward)}"));
}
