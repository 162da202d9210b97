using NasLab.Search.Store.LiteDb;
using NasLab.Search.Store.Postgres;

namespace NasLab.Search.Store;

/// <summary>
/// Where an experiment's trials live, from what the user typed: a PostgreSQL URL
/// (<c>postgresql://host[:port]/db</c>, shared by a coordinator and workers on many machines), or an
/// experiment directory / its <c>trials.db</c> (LiteDB, one machine). The one place that tells them apart.
/// </summary>
public static class TrialStores
{
    public static bool IsDatabaseUrl(string location) => PostgresLocation.IsPostgres(location);

    /// <summary>Opens any store for reading; <paramref name="experiment"/> picks one of several in a database.</summary>
    public static ITrialReader OpenReader(string location, string? experiment = null) =>
        IsDatabaseUrl(location)
            ? PostgresTrialStore.OpenReadOnly(PostgresLocation.Parse(location), experiment)
            : LiteDbTrialStore.OpenReadOnly(LiteDbTrialStore.ResolveDatabasePath(location));

    /// <summary>The file a local store keeps, for refusing outputs that would overwrite it; null for a database URL.</summary>
    public static string? LocalFile(string location) =>
        IsDatabaseUrl(location) ? null : LiteDbTrialStore.ResolveDatabasePath(location);
}
