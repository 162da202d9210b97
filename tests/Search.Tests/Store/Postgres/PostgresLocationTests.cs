using NasLab.Search.Store;
using NasLab.Search.Store.Postgres;

namespace NasLab.Search.Tests.Store.Postgres;

/// <summary>Parsing store URLs, and that a password never gets into a location or any message about one.</summary>
public sealed class PostgresLocationTests
{
    [Theory]
    [InlineData("postgresql://db.example.org/naslab", null, "db.example.org", 5432, "naslab", "postgresql://db.example.org:5432/naslab")]
    [InlineData("postgres://ana@10.0.0.7:6543/exp", "ana", "10.0.0.7", 6543, "exp", "postgresql://ana@10.0.0.7:6543/exp")]
    [InlineData("postgresql://[::1]:5433/n", null, "::1", 5433, "n", "postgresql://[::1]:5433/n")]
    [InlineData("postgresql://%2Fvar%2Frun%2Fpostgresql/n", null, "/var/run/postgresql", 5432, "n", "postgresql://%2Fvar%2Frun%2Fpostgresql:5432/n")]
    [InlineData("POSTGRESQL://h/d?sslmode=require&connect_timeout=5", null, "h", 5432, "d", "postgresql://h:5432/d?sslmode=require&connect_timeout=5")]
    public void Parses_the_supported_forms(string url, string? user, string host, int port, string db, string display)
    {
        Assert.True(PostgresLocation.TryParse(url, out var at));
        Assert.Equal(user, at.User);
        Assert.Equal(host, at.Host);
        Assert.Equal(port, at.Port);
        Assert.Equal(db, at.Database);
        Assert.Equal(display, at.Display);
        Assert.Equal(display, at.ToString());
        // Display parses back to the same location.
        Assert.Equal(display, PostgresLocation.Parse(display).Display);
    }

    [Theory]
    [InlineData("postgresql://h/d", true)]
    [InlineData("postgres://h/d", true)]
    [InlineData("PostgreSQL://h/d", true)]
    [InlineData("runs/quickstart", false)]
    [InlineData("runs/postgresql/trials.db", false)]
    [InlineData("", false)]
    public void Tells_a_url_from_a_path(string text, bool expected) => Assert.Equal(expected, PostgresLocation.IsPostgres(text));

    [Theory]
    [InlineData("postgresql://naslab:Sup3rSecretPw@db.example.org/naslab", "Sup3rSecretPw")]
    [InlineData("postgresql://naslab:p@ss/w?rd@db.example.org:5432/naslab", "p@ss/w?rd")]
    [InlineData("postgres://:OnlyAPassword@h/d", "OnlyAPassword")]
    [InlineData("postgresql://naslab@h/d?sslmode=nonsense&password=QuerySecret9", "QuerySecret9")]
    public void A_password_in_the_url_is_refused_without_repeating_it(string url, string secret)
    {
        Assert.False(PostgresLocation.TryParse(url, out var at, out var error));
        Assert.Null(at);
        Assert.Contains("password in the URL is refused", error);
        Assert.Contains("PGPASSWORD", error);
        Assert.Contains("~/.pgpass", error);
        Assert.DoesNotContain(secret, error);

        var e = Assert.Throws<TrialStoreException>(() => PostgresLocation.Parse(url));
        Assert.Equal(error, e.Message);
        Assert.DoesNotContain(secret, e.ToString());
    }

    [Theory]
    [InlineData("postgresql://h", "must name one database")]
    [InlineData("postgresql://h/", "must name one database")]
    [InlineData("postgresql:///d", "names no host")]
    [InlineData("postgresql://h:99999/d", "port '99999' is not a number from 1 to 65535")]
    [InlineData("postgresql://h:abc/d", "port 'abc'")]
    [InlineData("postgresql://h/d?sslmode=always", "sslmode 'always' is not supported; allowed values: disable, allow, prefer, require, verify-ca, verify-full")]
    [InlineData("postgresql://h/d?connect_timeout=0", "connect_timeout '0' is not valid")]
    [InlineData("postgresql://h/d?target_session_attrs=any", "unknown option 'target_session_attrs'; allowed options: sslmode")]
    [InlineData("mysql://h/d", "is not a PostgreSQL URL")]
    public void Bad_urls_say_what_is_wrong(string url, string expected)
    {
        var e = Assert.Throws<TrialStoreException>(() => PostgresLocation.Parse(url));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void The_connection_string_carries_no_password_and_keeps_none()
    {
        var cs = PostgresLocation.Parse("postgresql://ana@h:5433/d?sslmode=require").ConnectionString();
        Assert.DoesNotContain("Password", cs, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Persist Security Info=False", cs);
        Assert.Contains("Username=ana", cs);
        Assert.Contains("SSL Mode=Require", cs);
    }

    [Fact]
    public void Scrub_removes_password_settings_connection_strings_and_the_environment_password()
    {
        var scrubbed = PostgresErrors.Scrub("failed: Host=h;Port=5;Username=u;Password=TopSecret1;Database=d and password = 'Another Secret'");
        Assert.DoesNotContain("TopSecret1", scrubbed);
        Assert.DoesNotContain("Another Secret", scrubbed);
        Assert.DoesNotContain("Host=h", scrubbed);
        if (Environment.GetEnvironmentVariable("PGPASSWORD") is { Length: > 0 } pw)
            Assert.DoesNotContain(pw, PostgresErrors.Scrub($"the server said {pw} somewhere"));
    }

    [Fact]
    public void A_server_that_is_not_there_is_reported_as_unreachable_with_host_port_and_database()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var at = PostgresLocation.Parse("postgresql://naslab@127.0.0.1:1/nowhere?connect_timeout=5");
        var e = Assert.Throws<TrialStoreException>(() => PostgresTrialStore.ListExperiments(at));
        Assert.StartsWith("cannot reach PostgreSQL at 127.0.0.1:1/nowhere (", e.Message);
        Assert.Contains("refused", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(e.InnerException);
    }
}
