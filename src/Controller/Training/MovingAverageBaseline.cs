namespace NasLab.Controller.Training;

/// <summary>
/// Exponential moving average of rewards, the REINFORCE baseline. It starts at the first reward (not at
/// 0, which would make the first advantages as large as the rewards themselves).
/// </summary>
public sealed class MovingAverageBaseline(double decay)
{
    public double Decay { get; } = decay is >= 0 and < 1 ? decay : throw new ArgumentOutOfRangeException(nameof(decay), decay, "Decay must be in [0, 1).");

    /// <summary>Current value; null before the first reward.</summary>
    public double? Value { get; private set; }

    /// <summary>
    /// Advantage R - b against the baseline before this reward (so the first reward's advantage is 0),
    /// then folds R into the average.
    /// </summary>
    public double Observe(double reward)
    {
        var b = Value ?? reward;
        Value = Decay * b + (1 - Decay) * reward;
        return reward - b;
    }

    public void Restore(double? value) => Value = value;
}
