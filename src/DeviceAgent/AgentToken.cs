using System.Security.Cryptography;
using System.Text;
using NasLab.LatencyOracle.Remote;

namespace NasLab.DeviceAgent;

/// <summary>The agent's shared secret, compared in constant time; its text appears in no message or log line.</summary>
public sealed class AgentToken
{
    private readonly byte[] _secret;

    private AgentToken(string secret) => _secret = Encoding.UTF8.GetBytes(secret);

    /// <summary>Reads the token file (<see cref="AgentTokenFile"/>).</summary>
    public static AgentToken FromFile(string path) => new(AgentTokenFile.Read(path));

    /// <summary>Whether an <c>Authorization</c> header carries this token as a bearer token.</summary>
    public bool Accepts(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var offered = Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(offered, _secret);
    }

    public override string ToString() => "(token)";
}
