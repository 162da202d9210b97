using NasLab.Search.Tests.Support;

namespace NasLab.Search.Tests.Store.Postgres;

/// <summary>
/// Credentials come only from the environment or a password file, and a wrong one gets a clear error without
/// the secret. Run in child processes, since PGPASSWORD is process-wide and other tests run in parallel.
/// </summary>
public sealed class PostgresCredentialTests : IDisposable
{
    private readonly TestDatabase _db = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("naslab-pgpass-").FullName;

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private void CreateExperiment()
    {
        using var store = NasLab.Search.Store.Postgres.PostgresTrialStore.OpenCoordinator(_db.Location, PgSamples.Identity("creds"), force: false);
    }

    private static async Task<(int Code, string Out, string Err)> ReadAs(string url, Dictionary<string, string?> env)
    {
        using var child = PostgresHelperProcess.Start(env, "pg-read", url);
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (child.ExitCode, await output, await error);
    }

    [PostgresFact]
    public async Task A_wrong_password_gets_a_clear_error_that_does_not_contain_it()
    {
        CreateExperiment();
        const string wrong = "Wrong-Secret-7f3a9";
        var real = Environment.GetEnvironmentVariable("PGPASSWORD")!;
        var (code, output, error) = await ReadAs(_db.Url, new() { ["PGPASSWORD"] = wrong });

        Assert.Equal(3, code);
        Assert.Equal("", error);
        Assert.StartsWith($"error: cannot reach PostgreSQL at {_db.Location.Server} (28P01: password authentication failed for user \"naslab\")", output);
        Assert.Contains("PGPASSWORD", output);
        Assert.DoesNotContain(wrong, output);
        Assert.DoesNotContain(real, output);
    }

    [PostgresFact]
    public async Task Without_any_password_the_error_says_where_to_put_one()
    {
        CreateExperiment();
        var empty = Path.Combine(_dir, "empty");
        File.WriteAllText(empty, "");
        File.SetUnixFileMode(empty, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var (code, output, error) = await ReadAs(_db.Url, new() { ["PGPASSWORD"] = null, ["PGPASSFILE"] = empty, ["HOME"] = _dir });

        Assert.Equal(3, code);
        Assert.Equal("", error);
        Assert.StartsWith($"error: cannot reach PostgreSQL at {_db.Location.Server} (", output);
        Assert.Contains("PGPASSWORD", output);
        Assert.Contains("~/.pgpass", output);
    }

    [PostgresFact]
    public async Task A_missing_password_file_is_named_in_the_error()
    {
        CreateExperiment();
        var missing = Path.Combine(_dir, "no-such-pgpass");
        var (code, output, error) = await ReadAs(_db.Url, new() { ["PGPASSWORD"] = null, ["PGPASSFILE"] = missing });

        Assert.Equal(3, code);
        Assert.Equal("", error);
        Assert.StartsWith($"error: cannot reach PostgreSQL at {_db.Location.Server} (cannot read the password file PGPASSFILE={missing}", output);
    }

    [PostgresFact]
    public async Task The_password_can_come_from_a_pgpass_file_instead_of_the_environment()
    {
        CreateExperiment();
        var pgpass = Path.Combine(_dir, "pgpass");
        File.WriteAllText(pgpass, $"{_db.Location.Host}:{_db.Location.Port}:*:naslab:{Environment.GetEnvironmentVariable("PGPASSWORD")}\n");
        File.SetUnixFileMode(pgpass, UnixFileMode.UserRead | UnixFileMode.UserWrite); // libpq's rule: no access for others

        var (code, output, error) = await ReadAs(_db.Url, new() { ["PGPASSWORD"] = null, ["PGPASSFILE"] = pgpass });

        Assert.Equal("", error);
        Assert.Equal("ok creds\n", output);
        Assert.Equal(0, code);
    }

    [PostgresFact]
    public async Task The_user_can_come_from_PGUSER()
    {
        CreateExperiment();
        var withoutUser = $"postgresql://{_db.Location.Host}:{_db.Location.Port}/{_db.Name}";
        var (code, output, _) = await ReadAs(withoutUser, new() { ["PGUSER"] = "naslab" });
        Assert.Equal("ok creds\n", output);
        Assert.Equal(0, code);

        var (badCode, badOutput, _) = await ReadAs(withoutUser, new() { ["PGUSER"] = "nobody_here" });
        Assert.Equal(3, badCode);
        Assert.Contains("nobody_here", badOutput);
    }
}
