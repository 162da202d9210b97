using System.Globalization;

namespace NasLab.Evaluator.Training;

/// <summary>
/// Decides that training has diverged: a non-finite loss, or one above a bound no healthy run reaches.
/// Checked on every step's loss before the update, so NaNs never reach the weights through that step.
/// </summary>
internal sealed class DivergenceGuard(double maxLoss)
{
    public double MaxLoss { get; } = maxLoss;

    public bool IsHealthy(double loss) => double.IsFinite(loss) && loss <= MaxLoss;

    /// <summary>Null while healthy, else the failure reason.</summary>
    public string? Check(double loss, int epoch, long step)
    {
        if (!double.IsFinite(loss))
            return $"diverged: training loss became {Format(loss)} at step {step} (epoch {epoch})";
        if (loss > MaxLoss)
            return $"diverged: training loss {Format(loss)} exceeded the bound {Format(MaxLoss)} at step {step} (epoch {epoch})";
        return null;
    }

    private static string Format(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
