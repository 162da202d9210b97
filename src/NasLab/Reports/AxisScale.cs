namespace NasLab.Cli.Reports;

/// <summary>
/// A linear axis from data values to pixels with "nice" round ticks (1, 2, 2.5, 5 x 10^k), padded so
/// the extreme points do not sit on the frame.
/// </summary>
internal sealed class AxisScale
{
    private AxisScale(double min, double max, double step, double pixelFrom, double pixelTo)
    {
        Min = min;
        Max = max;
        Step = step;
        PixelFrom = pixelFrom;
        PixelTo = pixelTo;
    }

    public double Min { get; }
    public double Max { get; }
    public double Step { get; }
    public double PixelFrom { get; }
    public double PixelTo { get; }

    /// <summary>A scale covering <paramref name="values"/> mapped onto [pixelFrom, pixelTo] (reverse them for a y axis).</summary>
    public static AxisScale Fit(IEnumerable<double> values, double pixelFrom, double pixelTo, int ticks = 6, double? floor = null)
    {
        var list = values.Where(double.IsFinite).ToList();
        double lo = list.Count > 0 ? list.Min() : 0, hi = list.Count > 0 ? list.Max() : 1;
        if (hi - lo < 1e-12)
        {
            // A single value (or all equal) still needs a visible range around it.
            var pad = Math.Abs(hi) > 1e-12 ? Math.Abs(hi) * 0.1 : 1;
            lo -= pad;
            hi += pad;
        }
        var margin = (hi - lo) * 0.06;
        lo -= margin;
        hi += margin;
        if (floor is double f) lo = Math.Max(lo, f);
        var step = NiceStep((hi - lo) / Math.Max(1, ticks - 1));
        return new AxisScale(Math.Floor(lo / step) * step, Math.Ceiling(hi / step) * step, step, pixelFrom, pixelTo);
    }

    public double this[double value] => PixelFrom + (value - Min) / (Max - Min) * (PixelTo - PixelFrom);

    public IEnumerable<double> Ticks()
    {
        for (int i = 0; ; i++)
        {
            var t = Min + i * Step;
            if (t > Max + Step * 1e-9) yield break;
            yield return Math.Abs(t) < Step * 1e-9 ? 0 : t;
        }
    }

    private static double NiceStep(double raw)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
