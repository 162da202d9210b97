using System.Globalization;

namespace NasLab.LatencyOracle.Remote;

/// <summary>
/// Where a device agent listens, written <c>remote:HOST:PORT</c> (an IPv6 host in brackets:
/// <c>remote:[::1]:5071</c>). The one parser of that spelling, for the experiment file and the command line.
/// </summary>
public sealed record AgentAddress(string Host, int Port)
{
    public const string Prefix = "remote:";

    /// <summary>How the spelling is shown in error messages.</summary>
    public const string Syntax = "remote:HOST:PORT";

    public Uri BaseUri => new($"http://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public override string ToString() => $"{Prefix}{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Whether <paramref name="text"/> is meant as an agent address (it may still be a malformed one).</summary>
    public static bool LooksLikeAgent(string text) => text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>remote:HOST:PORT</c>; the error says what is wrong with the text.</summary>
    public static bool TryParse(string text, out AgentAddress address, out string error)
    {
        address = null!;
        if (!LooksLikeAgent(text))
        {
            error = $"'{text}' does not start with '{Prefix}' (write {Syntax})";
            return false;
        }
        var rest = text[Prefix.Length..];
        string host, port;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
            {
                error = $"'{text}': an IPv6 host is written in brackets, then ':PORT' ({Prefix}[::1]:5071)";
                return false;
            }
            (host, port) = (rest[1..close], rest[(close + 2)..]);
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            if (colon <= 0)
            {
                error = $"'{text}' has no port (write {Syntax}, for example {Prefix}pi4.local:5071)";
                return false;
            }
            (host, port) = (rest[..colon], rest[(colon + 1)..]);
            if (host.Contains(':'))
            {
                error = $"'{text}': an IPv6 host is written in brackets ({Prefix}[::1]:5071)";
                return false;
            }
        }
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '?' or '#' or '@'))
        {
            error = $"'{text}': '{host}' is not a host name or address";
            return false;
        }
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            error = $"'{text}': the port must be a number from 1 to 65535, got '{port}'";
            return false;
        }
        address = new AgentAddress(host, number);
        error = "";
        return true;
    }
}
