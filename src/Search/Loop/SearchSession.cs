using NasLab.Search.Experiment;
using NasLab.Search.Config;
using NasLab.Search.Store;
using NasLab.Evaluator.Training;
using NasLab.SearchSpace.Engine;
using Serilog;

namespace NasLab.Search.Loop;

/// <summary>
/// Assembles an experiment's components from its configuration (data, space, strategy, trainer,
/// latency oracle, trial store, log) and runs the search loop, starting fresh or resuming.
/// </summary>
public static class SearchSession
{
    /// <summary>Starts the experiment of <paramref name="yamlPath"/>, or continues it if its database exists.</summary>
    public static SearchOutcome Start(string yamlPath, bool force, ISearchObserver observer, CancellationToken stop, CancellationToken abort = default,
        string? latencyCacheDirectory = null)
    {
        var config = ExperimentConfigLoader.LoadFile(yamlPath);
        // Nothing is written before the check passes, so a file fixed after a failed check starts cleanly.
        var inputs = ExperimentCheck.Run(config, yamlPath, yamlPath);
        var yaml = File.ReadAllText(yamlPath);
        var identity = new ExperimentIdentity(config.Name, yaml, ConfigYamlWriter.Write(config), ConfigHash.Compute(config), new DatasetIdentity("unknown", 0, 0, ""));
        OutputDirectory.Create(config, yamlPath);
        using var store = File.Exists(config.DatabasePath)
            ? TrialStore.Open(config.DatabasePath, identity.ConfigHash, force, identity)
            : TrialStore.Create(config.DatabasePath, identity);
        return Run(config, inputs, store, observer, stop, abort, latencyCacheDirectory);
    }

    /// <summary>Continues the experiment stored in <paramref name="experiment"/> (its directory or trials.db).</summary>
    public static SearchOutcome Resume(string experiment, bool force, ISearchObserver observer, CancellationToken stop, CancellationToken abort = default,
        string? latencyCacheDirectory = null)
    {
        var path = TrialStore.ResolveDatabasePath(experiment);
        if (!File.Exists(path)) throw new UserErrorException($"resume: no trial database at {path}; give the experiment directory or its trials.db");
        ExperimentInfo info;
        using (var readOnly = TrialStore.OpenReadOnly(path)) info = readOnly.GetExperiment();
        var source = $"{path} (stored experiment file)";
        var config = ExperimentConfigLoader.Parse(info.ConfigYaml, source, info.Name);
        // The stored file's relative paths (output_dir, dataset.path) are taken from the database's location.
        var experimentDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        config = config with { OutputDir = Path.GetDirectoryName(experimentDir)! };
        var inputs = ExperimentCheck.Run(config, source, null);
        using var store = TrialStore.Open(path, force ? null : info.ConfigHash, force);
        return Run(config, inputs, store, observer, stop, abort, latencyCacheDirectory);
    }

    private static SearchOutcome Run(ExperimentConfig config, ExperimentInputs inputs, TrialStore store, ISearchObserver observer,
        CancellationToken stop, CancellationToken abort, string? latencyCacheDirectory)
    {
        using var log = new LoggerConfiguration()
            .MinimumLevel.Information()
            // Warnings (failed or interrupted trials) also reach the terminal, on stderr beside the live view.
            .WriteTo.Console(restrictedToMinimumLevel: Serilog.Events.LogEventLevel.Warning, standardErrorFromLevel: Serilog.Events.LogEventLevel.Warning,
                outputTemplate: "[{Level:u3}] {Message:lj}{NewLine}")
            .WriteTo.File(Path.Combine(config.ExperimentDirectory, "search.log"),
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}")
            .CreateLogger();

        var recovery = store.RecoverAfterCrash();
        if (recovery.RemovedRunningTrials.Count > 0)
        {
            var text = $"Resuming: trial(s) {string.Join(", ", recovery.RemovedRunningTrials)} were interrupted and will run again.";
            log.Warning(text);
            observer.Message(text);
        }

        TorchEngine.NumThreads = Environment.ProcessorCount;
        var (data, space, trainer) = (inputs.Data, inputs.Space, inputs.Trainer);
        using var strategy = StrategyFactory.Create(config.Strategy, space.Space.Schema, config.Seed);
        if (store.LatestCheckpoint() is { } checkpoint) StrategyCheckpointCodec.Load(strategy, checkpoint.Blob);
        var latency = ExperimentLatency.Create(config.Latency, latencyCacheDirectory ?? ExperimentLatency.DefaultCacheDirectory());

        var plan = new SearchPlan(config.Name, store.Path, store.Count(), config.Budget.Trials, config.Budget.WallTime,
            strategy.Name, $"{Choices.SearchSpaceKinds.NameOf(config.SearchSpace.Kind)} ({space.Space.Schema.Length} decisions)", data.Description);
        log.Information("Experiment {Name}: {Trials} trials so far; strategy {Strategy}; space {Space}; data {Data}",
            plan.Experiment, plan.TrialsDone, plan.Strategy, plan.Space, plan.Data);
        observer.Started(plan);

        if (latency.Mode != LatencyOracle.Oracle.OracleMode.Measured && latency.Oracle.Table is { IsCalibrated: false })
        {
            observer.Message($"Calibrating the latency lookup table on {ExperimentLatency.CalibrationSize} random architectures (once per machine and device profile)");
            var rng = new Random(config.Seed);
            latency.EnsureCalibrated(_ => space.Child(space.Space.Schema.Decisions.Select(d => rng.Next(d.Count)).ToArray()));
        }

        store.SetStatus(ExperimentStatus.Running);
        var outcome = new SearchLoop(config, store, strategy, space, trainer, latency, log, observer).Run(stop, abort);
        store.SetStatus(outcome.End is SearchEnd.BudgetSpent or SearchEnd.TimeSpent ? ExperimentStatus.Completed : ExperimentStatus.Interrupted);
        log.Information("Search ended ({End}) after {Trials} trials in this run", outcome.End, outcome.TrialsRun);
        return outcome;
    }

    /// <summary>The proxy-training options of an experiment; every child gets the same seed and data.</summary>
    public static ProxyTrainingOptions ProxyOptions(ExperimentConfig config)
    {
        var p = config.ProxyTraining;
        return new ProxyTrainingOptions
        {
            Recipe = ExperimentRecipe.From(config),
            ValidationSize = config.Dataset.ValidationSize,
            TrainingSubsetSize = config.Dataset.TrainSubset,
            SplitSeed = unchecked((ulong)config.Dataset.SplitSeed),
            InputResolution = config.Dataset.Resolution,
            WidthMultiplier = p.WidthMultiplier,
            TimeLimit = p.TimeLimitSeconds is double s ? TimeSpan.FromSeconds(s) : null,
        };
    }
}
