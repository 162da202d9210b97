using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace NasLab.Search.Store.Postgres;

/// <summary>
/// Where a PostgreSQL store lives: <c>postgresql://[user@]host[:port]/database[?option=value&amp;...]</c>
/// (<c>postgres://</c> too). The host may be a name, an IPv4 address, <c>[IPv6]</c>, or a percent-encoded
/// unix-socket directory (<c>%2Fvar%2Frun%2Fpostgresql</c>). Options: see <see cref="Options"/>.
/// <para>
/// A password is never part of a location: it would end up in shell history, process lists and logs. It comes
/// from PGPASSWORD, PGPASSFILE or ~/.pgpass, which Npgsql reads itself (PGUSER likewise when the URL names no
/// user). A URL that carries one is refused, and no message, <see cref="ToString"/> or <see cref="Display"/>
/// ever contains it.
/// </para>
/// </summary>
public sealed class PostgresLocation
{
    public const int DefaultPort = 5432;

    /// <summary>The query options understood, with their allowed values.</summary>
    public static readonly IReadOnlyDictionary<string, string> Options = new Dictionary<string, string>
    {
        ["sslmode"] = "disable, allow, prefer, require, verify-ca, verify-full",
        ["connect_timeout"] = "seconds, a whole number from 1 to 3600",
    };

    private static readonly string[] Schemes = ["postgresql://", "postgres://"];

    private static readonly Dictionary<string, SslMode> SslModes = new()
    {
        ["disable"] = SslMode.Disable, ["allow"] = SslMode.Allow, ["prefer"] = SslMode.Prefer,
        ["require"] = SslMode.Require, ["verify-ca"] = SslMode.VerifyCA, ["verify-full"] = SslMode.VerifyFull,
    };

    private PostgresLocation(string? user, string host, int port, string database, string? sslMode, int? connectTimeout)
    {
        User = user;
        Host = host;
        Port = port;
        Database = database;
        SslModeName = sslMode;
        ConnectTimeoutSeconds = connectTimeout;
    }

    /// <summary>The login role named in the URL; null means PGUSER (or the operating-system user).</summary>
    public string? User { get; }

    public string Host { get; }

    public int Port { get; }

    public string Database { get; }

    public string? SslModeName { get; }

    public int? ConnectTimeoutSeconds { get; }

    /// <summary>The location as the user can retype it, never with a password.</summary>
    public string Display
    {
        get
        {
            var host = Host.StartsWith('/') ? Uri.EscapeDataString(Host) : Host.Contains(':') ? $"[{Host}]" : Host;
            var user = User is null ? "" : Uri.EscapeDataString(User) + "@";
            var options = new List<string>();
            if (SslModeName is not null) options.Add($"sslmode={SslModeName}");
            if (ConnectTimeoutSeconds is { } t) options.Add($"connect_timeout={t}");
            var query = options.Count == 0 ? "" : "?" + string.Join('&', options);
            return $"postgresql://{user}{host}:{Port}/{Uri.EscapeDataString(Database)}{query}";
        }
    }

    /// <summary><c>host:port/database</c>, how connection errors name the server.</summary>
    public string Server => $"{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}/{Database}";

    public override string ToString() => Display;

    /// <summary>The same server, user and options, another database.</summary>
    public PostgresLocation WithDatabase(string database) =>
        new(User, Host, Port, database, SslModeName, ConnectTimeoutSeconds);

    /// <summary>Whether <paramref name="text"/> is meant as a PostgreSQL URL (rather than a store path).</summary>
    public static bool IsPostgres(string? text) =>
        text is not null && Schemes.Any(s => text.StartsWith(s, StringComparison.OrdinalIgnoreCase));

    public static bool TryParse(string? text, [NotNullWhen(true)] out PostgresLocation? location) =>
        TryParse(text, out location, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out PostgresLocation? location, [NotNullWhen(false)] out string? error)
    {
        location = null;
        error = ParseCore(text ?? "", out location);
        return error is null;
    }

    /// <summary>Parses a URL; throws <see cref="TrialStoreException"/> saying what is wrong (never echoing a password).</summary>
    public static PostgresLocation Parse(string text) =>
        TryParse(text, out var location, out var error) ? location : throw new TrialStoreException(error);

    private const string PasswordRefused =
        "a password in the URL is refused (it would show in shell history, process lists and logs); " +
        "give it in the PGPASSWORD environment variable or in ~/.pgpass (or the file PGPASSFILE names) instead";

    private const string Form = "expected postgresql://[user@]host[:port]/database[?sslmode=...&connect_timeout=...]";

    private static string? ParseCore(string text, out PostgresLocation? location)
    {
        location = null;
        var scheme = Schemes.FirstOrDefault(s => text.StartsWith(s, StringComparison.OrdinalIgnoreCase));
        if (scheme is null) return $"'{Shown(text)}' is not a PostgreSQL URL; {Form}";
        var rest = text[scheme.Length..];

        // Checked first and on the raw text, so no later message can echo a secret: whatever precedes the last
        // '@' is user information, and a ':' in it starts a password (which may itself hold '/', '?' or '@').
        var at = rest.LastIndexOf('@');
        if (at >= 0 && rest[..at].Contains(':'))
        {
            var named = rest[..rest.IndexOf(':')];
            return $"{scheme}{named}:***@...: {PasswordRefused}";
        }

        string? query = null;
        var q = rest.IndexOf('?');
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
            if (query.Split('&').Any(p => p.Split('=')[0].Equals("password", StringComparison.OrdinalIgnoreCase)))
                return $"{scheme}{rest}?password=***: {PasswordRefused}";
        }
        var slash = rest.IndexOf('/');
        var authority = slash >= 0 ? rest[..slash] : rest;
        var path = slash >= 0 ? rest[(slash + 1)..] : "";

        string? user = null;
        at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            user = Uri.UnescapeDataString(authority[..at]);
            authority = authority[(at + 1)..];
            if (user.Length == 0) return $"'{Shown(text)}': the user name before '@' is empty; {Form}";
        }

        if (!SplitHostPort(authority, out var host, out var port, out var hostError)) return $"'{Shown(text)}': {hostError}";

        var database = Uri.UnescapeDataString(path);
        if (database.Length == 0 || database.Contains('/'))
            return $"'{Shown(text)}': the URL must name one database after the host, as in postgresql://host/naslab; {Form}";

        string? sslMode = null;
        int? timeout = null;
        if (!string.IsNullOrEmpty(query))
        {
            foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var key = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
                var value = Uri.UnescapeDataString(eq >= 0 ? pair[(eq + 1)..] : "");
                switch (key)
                {
                    case "sslmode" when SslModes.ContainsKey(value):
                        sslMode = value;
                        break;
                    case "sslmode":
                        return $"'{Shown(text)}': sslmode '{value}' is not supported; allowed values: {Options["sslmode"]}";
                    case "connect_timeout" when int.TryParse(value, out var t) && t is >= 1 and <= 3600:
                        timeout = t;
                        break;
                    case "connect_timeout":
                        return $"'{Shown(text)}': connect_timeout '{value}' is not valid; allowed values: {Options["connect_timeout"]}";
                    default:
                        return $"'{Shown(text)}': unknown option '{key}'; allowed options: " +
                               string.Join("; ", Options.Select(o => $"{o.Key} ({o.Value})"));
                }
            }
        }

        location = new PostgresLocation(user, host, port, database, sslMode, timeout);
        return null;
    }

    private static bool SplitHostPort(string authority, out string host, out int port, out string? error)
    {
        host = "";
        port = DefaultPort;
        error = null;
        string portText;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0)
            {
                error = "an IPv6 host must be written in brackets, as in [::1]";
                return false;
            }
            host = authority[1..close];
            portText = authority[(close + 1)..];
            if (portText.Length > 0 && !portText.StartsWith(':'))
            {
                error = "expected ':port' after the bracketed IPv6 host";
                return false;
            }
            portText = portText.TrimStart(':');
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = Uri.UnescapeDataString(colon >= 0 ? authority[..colon] : authority);
            portText = colon >= 0 ? authority[(colon + 1)..] : "";
        }
        if (host.Length == 0)
        {
            error = "the URL names no host; " + Form;
            return false;
        }
        if (portText.Length > 0 && !(int.TryParse(portText, out port) && port is >= 1 and <= 65535))
        {
            error = $"port '{portText}' is not a number from 1 to 65535";
            return false;
        }
        return true;
    }

    /// <summary>The text as given, for messages: only ever called once a password has been ruled out.</summary>
    private static string Shown(string text) => text.Length > 200 ? text[..200] + "..." : text;

    /// <summary>
    /// The Npgsql connection string: no password (Npgsql takes it from PGPASSWORD / PGPASSFILE / ~/.pgpass),
    /// and Persist Security Info off so a password never reads back from a connection.
    /// </summary>
    /// <param name="keepAliveSeconds">Idle seconds before a keepalive query: keeps a long-idle connection (the
    /// coordinator lock's) from being dropped by firewalls or NAT, which would silently release its lock.</param>
    internal string ConnectionString(bool pooling = true, bool readOnly = false, int keepAliveSeconds = 0)
    {
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Database = Database,
            ApplicationName = "naslab",
            PersistSecurityInfo = false,
            IncludeErrorDetail = false,
            Pooling = pooling,
            Timeout = ConnectTimeoutSeconds ?? 15,
            KeepAlive = keepAliveSeconds,
        };
        if (User is not null) b.Username = User;
        if (SslModeName is not null) b.SslMode = SslModes[SslModeName];
        // A reader's connections refuse writes at the server, so a read-only store cannot change anything by mistake.
        if (readOnly) b.Options = "-c default_transaction_read_only=on";
        return b.ConnectionString;
    }
}
