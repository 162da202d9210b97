namespace NasLab.LatencyOracle.Remote;

/// <summary>
/// The file a device agent's shared secret lives in, read the same way by the agent and by its clients: the first
/// line, trimmed. A file keeps the secret out of process lists, shell histories, experiment files and stores; the
/// errors name the file, never its content.
/// </summary>
public static class AgentTokenFile
{
    /// <summary>Shorter secrets are refused: a token guessed over the network would let anyone occupy the device.</summary>
    public const int MinimumLength = 16;

    public const string HowToMakeOne = "make one with: openssl rand -hex 32 > FILE";

    /// <exception cref="ArgumentException">The file cannot be read or holds no usable token.</exception>
    public static string Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"token file {path}: {e.Message}");
        }
        var secret = text.Split('\n')[0].Trim();
        if (secret.Length < MinimumLength)
            throw new ArgumentException($"token file {path}: the token must be at least {MinimumLength} characters on the first line ({HowToMakeOne})");
        return secret;
    }
}
