using System.Globalization;
using System.Xml.Linq;
using static NasLab.Cli.Reports.ReportMarkup;

namespace NasLab.Cli.Reports;

/// <summary>Plot area, grid, tick labels and axis titles shared by the report's charts.</summary>
internal sealed record ChartFrame(double Width, double Height, double Left = 64, double Right = 20, double Top = 16, double Bottom = 52)
{
    public double PlotLeft => Left;
    public double PlotRight => Width - Right;
    public double PlotTop => Top;
    public double PlotBottom => Height - Bottom;

    public AxisScale X(IEnumerable<double> values, double? floor = null) => AxisScale.Fit(values, PlotLeft, PlotRight, floor: floor);

    public AxisScale Y(IEnumerable<double> values, double? floor = null) => AxisScale.Fit(values, PlotBottom, PlotTop, ticks: 5, floor: floor);

    public XElement Axes(AxisScale x, AxisScale y, string xTitle, string yTitle, Func<double, string> xLabel, Func<double, string> yLabel)
    {
        var g = S("g", A("class", "axes"));
        foreach (var t in y.Ticks())
        {
            g.Add(Line(PlotLeft, y[t], PlotRight, y[t], "grid"));
            g.Add(Text(PlotLeft - 8, y[t] + 4, yLabel(t), "tick", "end"));
        }
        foreach (var t in x.Ticks())
        {
            g.Add(Line(x[t], PlotTop, x[t], PlotBottom, "grid"));
            g.Add(Text(x[t], PlotBottom + 18, xLabel(t), "tick", "middle"));
        }
        g.Add(S("rect", A("x", PlotLeft), A("y", PlotTop), A("width", PlotRight - PlotLeft), A("height", PlotBottom - PlotTop), A("class", "frame")));
        g.Add(Text((PlotLeft + PlotRight) / 2, Height - 10, xTitle, "axis-title", "middle"));
        var midY = (PlotTop + PlotBottom) / 2;
        g.Add(S("text", A("x", 16), A("y", midY), A("text-anchor", "middle"), A("class", "axis-title"),
            A("transform", $"rotate(-90 16 {F(midY)})"), yTitle));
        return g;
    }

    /// <summary>Tick labels with only as many decimals as the tick step needs.</summary>
    public static Func<double, string> Labels(AxisScale scale, double factor = 1, string suffix = "")
    {
        var step = scale.Step * factor;
        int decimals = 0;
        while (decimals < 6 && Math.Abs(step * Math.Pow(10, decimals) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6) decimals++;
        return v => (v * factor).ToString("F" + decimals, CultureInfo.InvariantCulture) + suffix;
    }
}
