namespace NasLab.LatencyOracle.Lut;

/// <summary>
/// full ≈ A * sum + B: maps the sum of isolated block latencies to whole-network latency. The
/// intercept absorbs per-call overhead counted once per block in the sum but once per network in
/// reality; the slope absorbs cache effects between consecutive blocks.
/// </summary>
public sealed record LinearCalibration(double A, double B, int Points, double MeanAbsolutePercentageError)
{
    /// <summary>No calibration: the raw sum.</summary>
    public static LinearCalibration Identity { get; } = new(1, 0, 0, double.NaN);

    public double Apply(double sumUs) => A * sumUs + B;

    /// <summary>Least-squares fit of <paramref name="fullUs"/> on <paramref name="sumUs"/>; one point fits a pure scale.</summary>
    public static LinearCalibration Fit(IReadOnlyList<double> sumUs, IReadOnlyList<double> fullUs)
    {
        if (sumUs.Count != fullUs.Count)
            throw new ArgumentException($"Calibration needs paired values ({sumUs.Count} sums, {fullUs.Count} measurements).");
        if (sumUs.Count == 0)
            throw new ArgumentException("Calibration needs at least one architecture.");
        if (sumUs.Concat(fullUs).Any(v => !(v > 0) || double.IsInfinity(v)))
            throw new ArgumentException("Calibration latencies must be positive and finite.");
        int n = sumUs.Count;
        double a, b;
        var meanX = sumUs.Average();
        var meanY = fullUs.Average();
        var sxx = sumUs.Sum(x => (x - meanX) * (x - meanX));
        // With one point, or sums too alike to fix a slope, a ratio through the origin is the honest fit.
        if (n < 2 || sxx <= 1e-9 * meanX * meanX)
        {
            a = meanY / meanX;
            b = 0;
        }
        else
        {
            a = sumUs.Zip(fullUs, (x, y) => (x - meanX) * (y - meanY)).Sum() / sxx;
            b = meanY - a * meanX;
        }
        var fit = new LinearCalibration(a, b, n, double.NaN);
        var mape = sumUs.Zip(fullUs, (x, y) => Math.Abs(fit.Apply(x) - y) / y).Average();
        return fit with { MeanAbsolutePercentageError = mape };
    }
}
