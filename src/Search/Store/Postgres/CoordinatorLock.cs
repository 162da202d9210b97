using Npgsql;

namespace NasLab.Search.Store.Postgres;

/// <summary>
/// The session advisory lock that makes a process the one coordinator of an experiment, held on a dedicated,
/// unpooled connection for the store's lifetime. Unpooled, because closing a pooled connection only returns it
/// to the pool, and the lock would outlive the store.
/// </summary>
internal sealed class CoordinatorLock : IDisposable
{
    private readonly NpgsqlConnection _connection;

    private CoordinatorLock(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Takes the lock or throws "another coordinator is running experiment X".</summary>
    public static CoordinatorLock Acquire(PostgresLocation at, int experimentId, string experimentName)
    {
        var connection = new NpgsqlConnection(at.ConnectionString(pooling: false, keepAliveSeconds: 30));
        try
        {
            try
            {
                connection.Open();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or UnauthorizedAccessException)
            {
                throw PostgresErrors.Unreachable(at, e);
            }
            using var cmd = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, @id)", connection);
            cmd.Parameters.AddWithValue("class", AdvisoryLocks.CoordinatorClass);
            cmd.Parameters.AddWithValue("id", experimentId);
            if (!(bool)cmd.ExecuteScalar()!)
            {
                throw new TrialStoreException(
                    $"another coordinator is running experiment {experimentName} in {at.Display}; " +
                    "stop it first (its lock goes when its process ends), or start this one as a worker");
            }
            return new CoordinatorLock(connection);
        }
        catch (NpgsqlException e)
        {
            connection.Dispose();
            throw PostgresErrors.Failed(at, "taking the coordinator lock", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose() => _connection.Dispose(); // closing the session releases the lock
}
