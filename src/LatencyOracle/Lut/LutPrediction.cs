namespace NasLab.LatencyOracle.Lut;

/// <summary>
/// A lookup-table prediction: the sum of part latencies, the calibrated whole-network estimate,
/// and how many parts had to be measured now because the table lacked them.
/// </summary>
public sealed record LutPrediction(double SumUs, double PredictedUs, int Parts, int NewlyMeasuredParts, LinearCalibration Calibration)
{
    public double PredictedMs => PredictedUs / 1000.0;
}
