namespace NasLab.LatencyOracle.Latency;

/// <summary>Why a measurement stopped taking timed runs.</summary>
public enum StopReason
{
    /// <summary>The median's confidence interval reached the target width.</summary>
    Converged,

    /// <summary>The run cap was reached first.</summary>
    RunCap,

    /// <summary>The time cap was reached first.</summary>
    TimeCap,
}
