using System.CommandLine;
using NasLab.Search.Store;

namespace NasLab.Cli.Commands;

/// <summary>
/// The <c>&lt;db&gt;</c> argument shared by the read commands: an experiment directory or its trials.db
/// (LiteDB), or a PostgreSQL URL with <c>--experiment</c> naming one of its experiments.
/// </summary>
internal static class StoreArguments
{
    public static Argument<string> Database() =>
        new("db") { Description = "Experiment directory or its trials.db, or a PostgreSQL URL (postgresql://host[:port]/db)" };

    public static Option<string?> Experiment() =>
        new("--experiment") { Description = "With a PostgreSQL URL: the experiment to read (needed when the database holds several)" };

    /// <summary>The store a command reads, as an input its outputs must not replace.</summary>
    public static CommandInput Input(string location, string argument = "<db>") =>
        new(argument, TrialStores.LocalFile(location) ?? location);

    public static ITrialReader OpenForReading(string location, string? experiment = null) =>
        TrialStores.OpenReader(location, experiment);
}
