using System.Security.Cryptography;
using System.Text;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Json;

namespace NasLab.LatencyOracle.Oracle;

/// <summary>
/// Stable identity of an architecture for caching: SHA-256 of its JSON description. The name is
/// blanked first because it does not change the computation (two samples decoding to the same
/// network share one measurement).
/// </summary>
public static class ArchitectureHash
{
    public static string Of(NetworkArchitecture net)
    {
        ArgumentNullException.ThrowIfNull(net);
        var json = ArchitectureJson.Serialize(net with { Name = "" });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
