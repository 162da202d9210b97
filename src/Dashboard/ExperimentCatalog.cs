using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Search.Store.Postgres;

namespace NasLab.Dashboard;

/// <summary>One experiment the dashboard can show, and where its store is.</summary>
/// <param name="Location">What <see cref="TrialStores.OpenReader"/> takes: a <c>trials.db</c> path or a PostgreSQL URL.</param>
/// <param name="DatabaseName">The experiment's name inside a PostgreSQL database; null for a LiteDB file.</param>
public sealed record ExperimentSource(string Name, string Location, string? DatabaseName)
{
    public bool IsLocalFile => DatabaseName is null;
}

/// <summary>
/// The experiments behind the dashboard's target: one experiment folder or <c>trials.db</c>, every experiment in an
/// output folder (its subfolders holding a <c>trials.db</c>), or every experiment in a PostgreSQL database. Listed
/// again on every request for the list, so experiments started after the dashboard appear too.
/// </summary>
public sealed class ExperimentCatalog(string target)
{
    public string Target { get; } = target;

    /// <summary>The experiments there now; the error names the target and what would have been accepted.</summary>
    public IReadOnlyList<ExperimentSource> List()
    {
        if (TrialStores.IsDatabaseUrl(Target))
        {
            var at = PostgresLocation.Parse(Target);
            return PostgresTrialStore.ListExperiments(at).Select(name => new ExperimentSource(name, Target, name)).ToList();
        }
        if (File.Exists(Target)) return [Local(Target)];
        if (!Directory.Exists(Target))
            throw new TrialStoreException($"{Target}: no such file or folder; give an experiment folder, its trials.db, an output folder or a postgresql:// URL");
        var own = Path.Combine(Target, LiteDbTrialStore.FileName);
        if (File.Exists(own)) return [Local(own)];
        return Directory.GetDirectories(Target).Order(StringComparer.Ordinal)
            .Select(d => Path.Combine(d, LiteDbTrialStore.FileName)).Where(File.Exists).Select(Local).ToList();
    }

    public ExperimentSource? Find(string name) => List().FirstOrDefault(e => e.Name == name);

    // A LiteDB experiment is named by its folder, which is its config name unless the folder was renamed since;
    // the folder is what the user sees on disk and in URLs.
    private static ExperimentSource Local(string dbPath) =>
        new(Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(dbPath)))!, Path.GetFullPath(dbPath), null);
}
