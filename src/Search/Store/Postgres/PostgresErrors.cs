using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace NasLab.Search.Store.Postgres;

/// <summary>
/// Turns Npgsql and server failures into <see cref="TrialStoreException"/>s a user can act on. Every message is
/// scrubbed: no password (the PGPASSWORD value, or a <c>Password=</c> setting) and no connection string reaches
/// the user. The original exception is not attached as the inner exception, because whoever logs the exception
/// chain would print its unscrubbed text.
/// </summary>
internal static partial class PostgresErrors
{
    /// <summary>SQLSTATEs that mean the login itself was refused: wrong password, unknown role, no pg_hba entry.</summary>
    private static readonly HashSet<string> LoginRefused = ["28P01", "28000"];

    public static TrialStoreException Unreachable(PostgresLocation at, Exception e)
    {
        var reason = Reason(e);
        var loginProblem = e is PostgresException { SqlState: var state } ? LoginRefused.Contains(state)
            : e.Message.Contains("password", StringComparison.OrdinalIgnoreCase); // e.g. none was given but the server wants one
        var hint = loginProblem
            ? "; check the user (in the URL or PGUSER) and the password (PGPASSWORD, or ~/.pgpass / PGPASSFILE)"
            : e is PostgresException { SqlState: "3D000" }
                ? "; create the database first (createdb) or fix its name in the URL"
                : "";
        return new TrialStoreException($"cannot reach PostgreSQL at {at.Server} ({reason}){hint}");
    }

    public static TrialStoreException Failed(PostgresLocation at, string doing, Exception e) =>
        new($"PostgreSQL at {at.Server}: {doing} failed ({Reason(e)})");

    /// <summary>The most telling part of an Npgsql failure: the server's SQLSTATE and text, or the socket error.</summary>
    internal static string Reason(Exception e)
    {
        var text = e switch
        {
            PostgresException p => $"{p.SqlState}: {p.MessageText}",
            // Npgsql reads PGPASSFILE (or ~/.pgpass) itself and fails outright when it is missing or unreadable.
            IOException or UnauthorizedAccessException =>
                $"cannot read the password file{(Environment.GetEnvironmentVariable("PGPASSFILE") is { Length: > 0 } f ? $" PGPASSFILE={f}" : " ~/.pgpass")}: {e.Message}",
            NpgsqlException { InnerException: SocketException s } => s.Message,
            NpgsqlException { InnerException: TimeoutException } => "timed out while connecting",
            NpgsqlException { InnerException: { } inner } when inner is not NpgsqlException => $"{e.Message}: {inner.Message}",
            _ => e.Message,
        };
        return Scrub(text);
    }

    /// <summary>Removes secrets from text that is about to reach a user or a log.</summary>
    internal static string Scrub(string text)
    {
        if (Environment.GetEnvironmentVariable("PGPASSWORD") is { Length: > 0 } secret)
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        text = PasswordSetting().Replace(text, "${key}=***");
        return ConnectionStringText().Replace(text, "(connection string removed)");
    }

    [GeneratedRegex(@"(?<key>password|pwd)\s*=\s*(""[^""]*""|'[^']*'|[^;\s]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordSetting();

    // Two or more "Key=value;" settings in a row look like a connection string.
    [GeneratedRegex(@"(?:\b[A-Za-z ]{2,30}=[^;\s]*;\s*){2,}[^\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringText();
}
