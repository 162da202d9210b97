namespace NasLab.LatencyOracle.Oracle;

/// <summary>How the oracle answers.</summary>
public enum OracleMode
{
    /// <summary>Export the architecture and measure it in ORT (cached by architecture hash).</summary>
    Measured,

    /// <summary>Sum of lookup-table part latencies, calibrated (block networks; cell networks fall back to Measured).</summary>
    Lut,

    /// <summary>LUT prediction plus a full measurement; the answer carries the relative error.</summary>
    LutVerify,
}

public static class OracleModes
{
    /// <summary>The name reports and the trial store use (the experiment file's <c>latency.mode</c> spelling).</summary>
    public static string Name(OracleMode mode) => mode switch
    {
        OracleMode.Measured => "measured",
        OracleMode.Lut => "lut",
        OracleMode.LutVerify => "lut+verify",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
