using System.Xml.Linq;
using NasLab.Cli.Commands;
using NasLab.Search.Store;
using static NasLab.Cli.Reports.ReportMarkup;

namespace NasLab.Cli.Reports;

/// <summary>
/// Reward of each trial in trial order (duplicates hollow, failed trials as red ticks on the axis)
/// and the running best as a step line: how fast the search found its good architectures.
/// </summary>
internal static class RewardCurve
{
    public static XElement Render(IReadOnlyList<TrialRecord> trials)
    {
        var frame = new ChartFrame(640, 300);
        var rewarded = trials.Where(t => t.Reward is not null).ToList();
        var x = frame.X(trials.Select(t => (double)t.Id).DefaultIfEmpty(1), floor: 0);
        var y = frame.Y(rewarded.Select(t => t.Reward!.Value));
        var svg = SvgRoot(frame.Width, frame.Height, "Reward per trial and running best",
            frame.Axes(x, y, "trial", "reward", ChartFrame.Labels(x), ChartFrame.Labels(y)));

        var best = new List<string>();
        double? running = null;
        foreach (var t in rewarded)
        {
            if (running is double r) best.Add($"{F(x[t.Id])},{F(y[r])}");
            running = running is null ? t.Reward : Math.Max(running.Value, t.Reward!.Value);
            best.Add($"{F(x[t.Id])},{F(y[running!.Value])}");
        }
        if (best.Count > 1) svg.Add(S("polyline", A("class", "best-line"), A("points", string.Join(" ", best))));
        foreach (var t in rewarded)
        {
            var cssClass = t.Status == TrialStatus.Duplicate ? "duplicate" : "reward";
            svg.Add(S("circle", A("cx", x[t.Id]), A("cy", y[t.Reward!.Value]), A("r", 3.5), A("class", cssClass), A("data-trial", t.Id),
                S("title", $"trial {t.Id} ({TrialFormat.Status(t)}): reward {TrialFormat.Reward(t.Reward)}")));
        }
        foreach (var t in trials.Where(t => t.Status == TrialStatus.Failed))
            svg.Add(S("line", A("x1", x[t.Id]), A("y1", frame.PlotBottom - 8), A("x2", x[t.Id]), A("y2", frame.PlotBottom),
                A("class", "failed"), A("data-trial", t.Id), S("title", $"trial {t.Id} failed: {t.Error}")));
        return svg;
    }
}
