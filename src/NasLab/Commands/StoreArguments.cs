using System.CommandLine;
using NasLab.Search.Store;

namespace NasLab.Cli.Commands;

/// <summary>The <c>&lt;db&gt;</c> argument shared by the read commands: a trials.db file or its experiment directory.</summary>
internal static class StoreArguments
{
    public static Argument<string> Database() =>
        new("db") { Description = "Trial database (trials.db) or the experiment directory that holds it" };

    /// <summary>The store a command reads, as an input its outputs must not replace.</summary>
    public static CommandInput Input(string dirOrDb, string argument = "<db>") =>
        new(argument, TrialStore.ResolveDatabasePath(dirOrDb));

    public static TrialStore OpenForReading(string dirOrDb) =>
        TrialStore.OpenReadOnly(TrialStore.ResolveDatabasePath(dirOrDb));
}
