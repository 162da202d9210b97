using NasLab.LatencyOracle.Lut;

namespace NasLab.LatencyOracle.Tests.Lut;

public class LinearCalibrationTests
{
    [Fact]
    public void RecoversAnExactLine()
    {
        double[] sums = [100, 250, 400, 1000];
        var fit = LinearCalibration.Fit(sums, sums.Select(s => 0.8 * s + 30).ToList());
        Assert.Equal(0.8, fit.A, 9);
        Assert.Equal(30, fit.B, 6);
        Assert.Equal(4, fit.Points);
        Assert.Equal(0, fit.MeanAbsolutePercentageError, 9);
    }

    [Fact]
    public void OnePointIsARatio()
    {
        var fit = LinearCalibration.Fit([200], [300]);
        Assert.Equal(1.5, fit.A, 12);
        Assert.Equal(0, fit.B);
    }

    [Fact]
    public void BadCalibrationDataIsRejected()
    {
        Assert.Throws<ArgumentException>(() => LinearCalibration.Fit([], []));
        Assert.Throws<ArgumentException>(() => LinearCalibration.Fit([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => LinearCalibration.Fit([1, -2], [1, 2]));
    }
}
