namespace NasLab.DeviceAgent;

/// <summary>How a device agent runs: where it listens, its secret and its limits.</summary>
/// <param name="Host">Address to bind; <c>0.0.0.0</c> (every interface: searches on other machines reach it) by default.</param>
/// <param name="Port">TCP port; 0 picks a free one (the agent prints which).</param>
/// <param name="Token">The shared secret every request must carry; read from the token file, never from the command line.</param>
/// <param name="MaxModelBytes">Larger models are refused with 413 before they are read.</param>
public sealed record AgentOptions(string Host, int Port, AgentToken Token, long MaxModelBytes)
{
    public const int DefaultPort = 5071;
    public const string DefaultHost = "0.0.0.0";
    public const int DefaultMaxModelMegabytes = 256;
}
