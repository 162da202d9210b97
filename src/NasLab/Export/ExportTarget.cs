using System.Globalization;
using System.Text.Json;
using NasLab.Cli.Commands;
using NasLab.Search.Store;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Json;
using NasLab.SearchSpace.Zoo;

namespace NasLab.Cli.Export;

/// <summary>An architecture to export, the class name it gets and where it came from (for file headers).</summary>
public sealed record ExportTarget(NetworkArchitecture Architecture, string ClassName, string Origin)
{
    /// <summary>
    /// <paramref name="which"/> is a trial number of the experiment at <paramref name="dirOrDb"/>, or a zoo
    /// name (then the database is not opened: zoo networks do not depend on an experiment).
    /// </summary>
    /// <exception cref="UserErrorException">No such trial or zoo network, or the stored architecture is unreadable.</exception>
    public static ExportTarget Resolve(string dirOrDb, string which)
    {
        if (TrialNumber(which) is int trialId) return FromTrial(dirOrDb, trialId);
        if (!ModelZoo.Names.Contains(which.Trim().ToLowerInvariant()))
            throw new UserErrorException(
                $"'{which}' is neither a trial number nor a zoo network; zoo networks: {string.Join(", ", ModelZoo.Names)}");
        var name = which.Trim().ToLowerInvariant();
        return new ExportTarget(ModelZoo.Get(name), ClassNames.ForZoo(name), $"zoo network '{name}'");
    }

    /// <summary>True when <paramref name="which"/> names a trial, so <see cref="Resolve"/> reads the store.</summary>
    public static bool ReadsStore(string which) => TrialNumber(which) is not null;

    private static int? TrialNumber(string which) =>
        int.TryParse(which, NumberStyles.None, CultureInfo.InvariantCulture, out var trialId) ? trialId : null;

    private static ExportTarget FromTrial(string dirOrDb, int trialId)
    {
        using var store = StoreArguments.OpenForReading(dirOrDb);
        var trial = store.GetTrial(trialId)
                    ?? throw new UserErrorException($"{store.Location}: there is no trial {trialId} (the experiment has {store.Count()} trials)");
        var experiment = store.GetExperiment().Name;
        NetworkArchitecture net;
        try
        {
            net = ArchitectureJson.Deserialize(trial.ArchitectureJson);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new UserErrorException($"{store.Location}: trial {trialId}: the stored architecture is not a valid NasLab architecture ({e.Message})");
        }
        return new ExportTarget(net, ClassNames.ForTrial(experiment, trialId), $"trial {trialId} of experiment '{experiment}'");
    }
}
