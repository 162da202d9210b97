using Npgsql;

namespace NasLab.Search.Store.Postgres;

/// <summary>
/// The PostgreSQL advisory locks naslab takes. Session locks die with their connection, so a coordinator
/// killed outright (SIGKILL, power loss) never leaves one behind: the server drops it when the socket closes.
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>"NASL": the first key of the two-key form <c>pg_advisory_lock(int, int)</c>, the second being the experiment id.</summary>
    public const int CoordinatorClass = 0x4E41534C;

    /// <summary>One-key (bigint) lock serializing schema creation; the one-key space never meets the two-key one.</summary>
    public const long SchemaKey = 0x4E41534C_00000001;

    /// <summary>
    /// Whether some session holds the coordinator lock of <paramref name="experimentId"/>. Reads pg_locks, which
    /// any role may read, instead of trying the lock, so it can never take it from a starting coordinator.
    /// </summary>
    public static bool CoordinatorHeld(NpgsqlConnection connection, int experimentId)
    {
        using var cmd = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted " +
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) " +
            "AND classid = @class::oid AND objid = @id::oid AND objsubid = 2)", connection);
        cmd.Parameters.AddWithValue("class", (long)CoordinatorClass);
        cmd.Parameters.AddWithValue("id", (long)experimentId);
        return (bool)cmd.ExecuteScalar()!;
    }
}
