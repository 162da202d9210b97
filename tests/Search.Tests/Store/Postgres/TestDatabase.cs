using NasLab.Search.Store.Postgres;
using Npgsql;

namespace NasLab.Search.Tests.Store.Postgres;

/// <summary>
/// A fresh, empty database on the test server (naslab_t_&lt;random&gt;) for one test, dropped afterwards, so tests
/// never see each other's experiments or tables and can run in parallel.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string Variable = "NASLAB_TEST_POSTGRES";

    public static string? ServerUrl => Environment.GetEnvironmentVariable(Variable);

    private readonly PostgresLocation _admin;

    public TestDatabase()
    {
        _admin = PostgresLocation.Parse(ServerUrl ?? throw new InvalidOperationException($"{Variable} is not set"));
        Name = "naslab_t_" + Guid.NewGuid().ToString("N")[..16];
        Admin($"CREATE DATABASE {Name}");
        Location = _admin.WithDatabase(Name);
    }

    public string Name { get; }

    public PostgresLocation Location { get; }

    /// <summary>The URL a child process is given (no password: children inherit PGPASSWORD).</summary>
    public string Url => Location.Display;

    /// <summary>Runs SQL in this database directly, bypassing the store (to inspect or tamper with it).</summary>
    public T Scalar<T>(string sql)
    {
        using var c = new NpgsqlConnection(Location.ConnectionString(pooling: false));
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        return (T)cmd.ExecuteScalar()!;
    }

    public void Execute(string sql)
    {
        using var c = new NpgsqlConnection(Location.ConnectionString(pooling: false));
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    private void Admin(string sql)
    {
        using var c = new NpgsqlConnection(_admin.ConnectionString(pooling: false));
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        cmd.ExecuteNonQuery();
    }

    // FORCE: a store's pooled connections (or a killed child's) may still be open.
    public void Dispose() => Admin($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
}
