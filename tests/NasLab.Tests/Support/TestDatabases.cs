using Npgsql;

namespace NasLab.Tests.Support;

/// <summary>
/// Fresh databases on the private PostgreSQL server ./test.sh starts (NASLAB_TEST_POSTGRES, password in
/// PGPASSWORD), one per test, dropped afterwards.
/// </summary>
internal static class TestDatabases
{
    public const string Variable = "NASLAB_TEST_POSTGRES";

    public static string? ServerUrl => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } url ? url : null;

    /// <summary>Creates a database; returns its name and the URL naslab takes.</summary>
    public static (string Name, string Url) Create()
    {
        var name = $"naslab_t_{Guid.NewGuid():N}"[..24];
        using (var admin = Admin()) Execute(admin, $"CREATE DATABASE {name}");
        var server = new Uri(ServerUrl!);
        return (name, $"postgresql://{server.UserInfo}@{server.Host}:{server.Port}/{name}");
    }

    public static void Drop(string name)
    {
        using var admin = Admin();
        Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private static NpgsqlConnection Admin()
    {
        var server = new Uri(ServerUrl ?? throw new InvalidOperationException($"{Variable} is not set"));
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = server.Host,
            Port = server.Port,
            Username = server.UserInfo,
            Database = server.AbsolutePath.Trim('/'),
            Pooling = false,
        }.ConnectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>A test that needs the private PostgreSQL server; skipped, naming ./test.sh, when it is not running.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabases.ServerUrl is null) Skip = $"needs PostgreSQL: run ./test.sh, which starts a private server and sets {TestDatabases.Variable}";
    }
}
