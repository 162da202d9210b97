using System.Security.Cryptography;

namespace NasLab.LatencyOracle.Latency;

/// <summary>Content hash identifying a model in the latency cache.</summary>
public static class ModelHash
{
    /// <summary>Lower-case hex SHA-256 of the serialized model.</summary>
    public static string Sha256(byte[] model) => Convert.ToHexStringLower(SHA256.HashData(model));
}
