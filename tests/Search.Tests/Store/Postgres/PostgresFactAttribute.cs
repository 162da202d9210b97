namespace NasLab.Search.Tests.Store.Postgres;

/// <summary>
/// A test that needs the private PostgreSQL server ./test.sh starts (NASLAB_TEST_POSTGRES, PGPASSWORD). Without
/// it (someone ran <c>dotnet test</c> by hand) the test is skipped, with the reason, instead of failing.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(TestDatabase.ServerUrl))
        {
            Skip = $"needs PostgreSQL: run ./test.sh, which starts a private server and sets {TestDatabase.Variable} and PGPASSWORD " +
                   "(or start one with tests/support/postgres-server.sh start DIR and eval its output)";
        }
    }
}
