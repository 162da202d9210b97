using System.CommandLine;
using NasLab.Cli.Store;

namespace NasLab.Cli.Commands;

/// <summary>The <c>&lt;db&gt;</c> argument shared by the read commands: a trials.db file or its experiment directory.</summary>
internal static class StoreArguments
{
    public static Argument<string> Database() =>
        new("db") { Description = "Trial database (trials.db) or the experiment directory that holds it" };

    public static TrialStore OpenForReading(string dirOrDb) =>
        TrialStore.OpenReadOnly(TrialStore.ResolveDatabasePath(dirOrDb));
}
