using Npgsql;

namespace NasLab.Search.Store.Postgres;

/// <summary>
/// One pooled <see cref="NpgsqlDataSource"/> and a connection per call, which makes every caller thread-safe
/// (a worker heartbeats from another thread while it reports). Failures come out as scrubbed
/// <see cref="TrialStoreException"/>s: "cannot reach" for connecting, "X failed" for a statement.
/// </summary>
internal sealed class PostgresDb : IDisposable
{
    private readonly NpgsqlDataSource _source;

    public PostgresDb(PostgresLocation at, bool readOnly)
    {
        At = at;
        _source = NpgsqlDataSource.Create(at.ConnectionString(readOnly: readOnly));
    }

    public PostgresLocation At { get; }

    public NpgsqlConnection Open()
    {
        try
        {
            return _source.OpenConnection();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            throw PostgresErrors.Unreachable(At, e);
        }
    }

    /// <summary>Runs <paramref name="body"/> on its own connection; <paramref name="doing"/> names it in errors.</summary>
    public T Run<T>(string doing, Func<NpgsqlConnection, T> body)
    {
        using var connection = Open();
        try
        {
            return body(connection);
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Failed(At, doing, e);
        }
    }

    /// <summary>Runs <paramref name="body"/> in one transaction; any exception rolls all of it back.</summary>
    public T InTransaction<T>(string doing, Func<NpgsqlConnection, NpgsqlTransaction, T> body) => Run(doing, connection =>
    {
        using var tx = connection.BeginTransaction();
        var result = body(connection, tx);
        tx.Commit();
        return result;
    });

    public void Dispose() => _source.Dispose();

    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, connection, tx);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public static int Exec(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(connection, tx, sql, parameters);
        return cmd.ExecuteNonQuery();
    }

    public static object? Scalar(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(connection, tx, sql, parameters);
        var result = cmd.ExecuteScalar();
        return result is DBNull ? null : result;
    }

    public static List<T> Query<T>(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, Func<NpgsqlDataReader, T> read,
        params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(connection, tx, sql, parameters);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(read(r));
        return list;
    }
}
