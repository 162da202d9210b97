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
    /// <summary>Parses "measured", "lut" or "lut+verify".</summary>
    public static OracleMode Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "measured" => OracleMode.Measured,
        "lut" => OracleMode.Lut,
        "lut+verify" or "lut-verify" => OracleMode.LutVerify,
        _ => throw new FormatException($"Unknown latency oracle mode '{text}'; use measured, lut or lut+verify."),
    };

    public static string Name(OracleMode mode) => mode switch
    {
        OracleMode.Measured => "measured",
        OracleMode.Lut => "lut",
        OracleMode.LutVerify => "lut+verify",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
