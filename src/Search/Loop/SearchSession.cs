using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Search.Store.Postgres;
using NasLab.Search.WeightSharing;
using NasLab.Search.Workers;
using NasLab.Evaluator.Training;
using NasLab.SearchSpace.Engine;
using Serilog;

namespace NasLab.Search.Loop;

/// <summary>
/// Assembles an experiment's components from its configuration (data, space, strategy, evaluator, trial
/// store, log) and runs the search loop: on one machine with a LiteDB store, or as the coordinator of workers
/// sharing a PostgreSQL store; starting fresh or resuming.
/// </summary>
public static class SearchSession
{
    /// <summary>
    /// Starts the experiment of <paramref name="yamlPath"/>, or continues it if its store exists. With
    /// <paramref name="storeUrl"/> the experiment lives in that PostgreSQL database and this process is its
    /// coordinator: workers evaluate the trials.
    /// </summary>
    public static SearchOutcome Start(string yamlPath, bool force, ISearchObserver observer, CancellationToken stop, CancellationToken abort = default,
        string? latencyCacheDirectory = null, string? storeUrl = null, SearchLoopOptions? options = null)
    {
        var config = ExperimentConfigLoader.LoadFile(yamlPath);
        // Nothing is written before the check passes, so a file fixed after a failed check starts cleanly.
        var inputs = ExperimentCheck.Run(config, yamlPath);
        var identity = new ExperimentIdentity(config.Name, File.ReadAllText(yamlPath), ConfigYamlWriter.Write(config), ConfigHash.Compute(config),
            DatasetIdentities.Of(inputs.Data.Source, inputs.TrainFiles));
        OutputDirectory.Create(config, yamlPath);
        if (storeUrl is not null)
        {
            using var shared = PostgresTrialStore.OpenCoordinator(PostgresLocation.Parse(storeUrl), identity, force);
            return Run(config, inputs, identity.Dataset, shared, "coordinator", observer, stop, abort, latencyCacheDirectory, options);
        }
        using var store = File.Exists(config.DatabasePath)
            ? LiteDbTrialStore.Open(config.DatabasePath, identity.ConfigHash, force, identity)
            : LiteDbTrialStore.Create(config.DatabasePath, identity);
        return Run(config, inputs, identity.Dataset, store, "search", observer, stop, abort, latencyCacheDirectory, options);
    }

    /// <summary>Continues the experiment stored in <paramref name="experiment"/> (its directory or trials.db).</summary>
    public static SearchOutcome Resume(string experiment, bool force, ISearchObserver observer, CancellationToken stop, CancellationToken abort = default,
        string? latencyCacheDirectory = null)
    {
        var path = LiteDbTrialStore.ResolveDatabasePath(experiment);
        if (!File.Exists(path)) throw new UserErrorException($"resume: no trial database at {path}; give the experiment directory or its trials.db");
        ExperimentInfo info;
        using (var readOnly = LiteDbTrialStore.OpenReadOnly(path)) info = readOnly.GetExperiment();
        var config = StoredConfig(info, path);
        var inputs = ExperimentCheck.Run(config, StoredSource(path));
        using var store = LiteDbTrialStore.Open(path, force ? null : info.ConfigHash, force);
        return Run(config, inputs, DatasetIdentities.Of(inputs.Data.Source, inputs.TrainFiles), store, "search", observer, stop, abort, latencyCacheDirectory, null);
    }

    /// <summary>
    /// Runs a worker of the experiment in the PostgreSQL database <paramref name="storeUrl"/>: claims queued
    /// trials one at a time until the coordinator completes the experiment or <paramref name="stop"/>; its log goes to stderr.
    /// </summary>
    public static int Work(string storeUrl, string? experiment, string? workerName, CancellationToken stop,
        CancellationToken abort = default, string? latencyCacheDirectory = null, TimeSpan? heartbeat = null, TimeSpan? idlePoll = null)
    {
        var location = PostgresLocation.Parse(storeUrl);
        using var store = PostgresTrialStore.OpenWorker(location, experiment);
        var info = store.GetExperiment();
        var source = $"{store.Location} (experiment {info.Name})";
        var config = ExperimentConfigLoader.Parse(info.ConfigYaml, source, info.Name);
        // The worker's own copy of the data: relative paths are taken from the working directory.
        var inputs = ExperimentCheck.Run(config with { OutputDir = Path.GetTempPath() }, source);
        var name = workerName ?? RunRecords.ProcessName();
        DatasetIdentities.RequireSame(info.Dataset, DatasetIdentities.Of(inputs.Data.Source, inputs.TrainFiles), source, $"worker {name}");

        TorchEngine.NumThreads = Environment.ProcessorCount;
        var latency = ExperimentLatency.Create(config.Latency, latencyCacheDirectory ?? ExperimentLatency.DefaultCacheDirectory());
        using var log = new LoggerConfiguration().MinimumLevel.Information()
            // Progress goes to stderr, so stdout keeps only the final summary.
            .WriteTo.Console(standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose, outputTemplate: "{Timestamp:HH:mm:ss} [{Level:u3}] {Message:lj}{NewLine}")
            .CreateLogger();
        EnsureCalibrated(config, inputs.Space, latency, text => log.Information(text));
        store.RecordRun(RunRecords.Current("worker", name, info.Dataset));
        var worker = new TrialWorker(store, name, config, new ProxyEvaluator(inputs.Trainer, latency), log, heartbeat);
        log.Information("Worker {Worker} on experiment {Experiment} at {Store}", name, info.Name, store.Location);
        int reported = 0;
        while (!stop.IsCancellationRequested)
        {
            var step = worker.RunOne(abort);
            if (step == WorkerStep.Aborted) break;
            if (step == WorkerStep.Reported) reported++;
            if (step != WorkerStep.Idle) continue;
            if (store.GetExperiment().Status == ExperimentStatus.Completed && store.Count(Store.TrialStatus.Queued) == 0)
            {
                log.Information("Experiment {Experiment} is complete; worker {Worker} ran {Count} trial(s)", info.Name, name, reported);
                break;
            }
            stop.WaitHandle.WaitOne(idlePoll ?? TimeSpan.FromSeconds(1));
        }
        return reported;
    }

    /// <summary>
    /// The stored configuration of a resumed experiment. It writes where its store now is, even if the folder
    /// was moved or renamed; <c>dataset.path</c> resolves as every relative path does, from the working directory.
    /// </summary>
    private static ExperimentConfig StoredConfig(ExperimentInfo info, string path)
    {
        var config = ExperimentConfigLoader.Parse(info.ConfigYaml, StoredSource(path), info.Name);
        var experimentDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return config with { OutputDir = Path.GetDirectoryName(experimentDir)!, ResumedDirectory = experimentDir };
    }

    private static string StoredSource(string path) => $"{path} (stored experiment file)";

    /// <param name="dataset">The identity of the data this process read (checked against the experiment's).</param>
    private static SearchOutcome Run(ExperimentConfig config, ExperimentInputs inputs, DatasetIdentity dataset, ITrialStore store, string role,
        ISearchObserver observer, CancellationToken stop, CancellationToken abort, string? latencyCacheDirectory, SearchLoopOptions? options)
    {
        DatasetIdentities.RequireSame(store.GetExperiment().Dataset, dataset, store.Location, "this search");
        using var log = new LoggerConfiguration()
            .MinimumLevel.Information()
            // Warnings (failed or interrupted trials) also reach the terminal, on stderr beside the live view.
            .WriteTo.Console(restrictedToMinimumLevel: Serilog.Events.LogEventLevel.Warning, standardErrorFromLevel: Serilog.Events.LogEventLevel.Warning,
                outputTemplate: "[{Level:u3}] {Message:lj}{NewLine}")
            .WriteTo.File(Path.Combine(config.ExperimentDirectory, "search.log"),
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}")
            .CreateLogger();

        if (store is LiteDbTrialStore { RequeuedAtOpen.Count: > 0 } resumed)
        {
            var text = $"Resuming: trial(s) {string.Join(", ", resumed.RequeuedAtOpen)} were interrupted and will run again.";
            log.Warning(text);
            observer.Message(text);
        }

        TorchEngine.NumThreads = Environment.ProcessorCount;
        var space = inputs.Space;
        // A weight-sharing experiment's coordinator scores candidates itself, so it needs the latency oracle too.
        var latency = role == "search" || config.Evaluation.WeightSharing is not null
            ? ExperimentLatency.Create(config.Latency, latencyCacheDirectory ?? ExperimentLatency.DefaultCacheDirectory())
            : null;
        if (latency is not null) EnsureCalibrated(config, space, latency, observer.Message);
        var inner = StrategyFactory.Create(config.Strategy, space.Space.Schema, config.Seed);
        using var strategy = config.Evaluation.WeightSharing is null ? inner : WeightSharingPhase.Create(config, inputs, latency!, inner);
        if (store.LatestCheckpoint() is { } checkpoint) StrategyCheckpointCodec.Load(strategy, checkpoint.Blob);
        store.RecordRun(RunRecords.Current(role, RunRecords.ProcessName(), dataset));

        // A weight-sharing search's trials are its re-ranked finalists.
        var trialBudget = config.Evaluation.WeightSharing is { } sharing ? Math.Min(config.Budget.Trials ?? int.MaxValue, sharing.Rerank) : config.Budget.Trials;
        var strategyName = strategy is WeightSharingStrategy shared ? $"{shared.Name} ({shared.Inner.Name})" : strategy.Name;
        var plan = new SearchPlan(config.Name, store, store.Count(), trialBudget, config.Budget.WallTime, strategyName,
            $"{Choices.SearchSpaceKinds.NameOf(config.SearchSpace.Kind)} ({space.Space.Schema.Length} decisions)", inputs.Data.Description);
        log.Information("Experiment {Name}: {Trials} trials so far; strategy {Strategy}; space {Space}; data {Data}; store {Store}",
            plan.Experiment, plan.TrialsDone, plan.Strategy, plan.Space, plan.Data, store.Location);
        observer.Started(plan);

        TrialWorker? local = null;
        if (role == "search") local = new TrialWorker(store, RunRecords.ProcessName(), config, new ProxyEvaluator(inputs.Trainer, latency!), log);
        else observer.Message($"Coordinating: workers started with `naslab worker --store {store.Location} --experiment {config.Name}` evaluate the trials.");

        store.SetStatus(ExperimentStatus.Running);
        var loopConfig = config;
        if (strategy is WeightSharingStrategy ws)
        {
            // budget.wall_time covers the whole run: the supernet phase, then the re-ranking in what is left.
            var phaseClock = System.Diagnostics.Stopwatch.StartNew();
            var phase = WeightSharingPhase.Run(ws, config.Evaluation.WeightSharing!, store, log, observer, stop, config.Budget.WallTime);
            if (phase != WeightSharingPhase.End.Done)
            {
                store.SetStatus(ExperimentStatus.Interrupted);
                var why = phase == WeightSharingPhase.End.TimeSpent ? "the wall-time budget was spent" : "it was stopped";
                log.Information("Search ended during the supernet phase (round {Round}) because {Why}; it resumes from its last checkpoint", ws.Round, why);
                return new SearchOutcome(phase == WeightSharingPhase.End.TimeSpent ? SearchEnd.TimeSpent : SearchEnd.Stopped, 0);
            }
            // Fewer finalists than rerank when the supernet scored fewer distinct architectures.
            var left = config.Budget.WallTime is TimeSpan wall ? wall - phaseClock.Elapsed : (TimeSpan?)null;
            loopConfig = config with
            {
                Budget = config.Budget with
                {
                    Trials = Math.Min(config.Budget.Trials ?? int.MaxValue, ws.Finalists.Count),
                    WallTime = left is TimeSpan l && l < TimeSpan.Zero ? TimeSpan.Zero : left,
                },
            };
        }
        var outcome = new SearchLoop(loopConfig, store, strategy, space, log, observer, options).Run(stop, abort, local);
        store.SetStatus(outcome.End is SearchEnd.BudgetSpent or SearchEnd.TimeSpent ? ExperimentStatus.Completed : ExperimentStatus.Interrupted);
        log.Information("Search ended ({End}) after {Trials} trials in this run", outcome.End, outcome.TrialsRun);
        return outcome;
    }

    /// <summary>Calibrates the latency lookup table once per machine and device profile when the experiment uses it.</summary>
    private static void EnsureCalibrated(ExperimentConfig config, ExperimentSpace space, ExperimentLatency latency, Action<string> say)
    {
        if (latency.Mode == LatencyOracle.Oracle.OracleMode.Measured || latency.Oracle.Table is not { IsCalibrated: false }) return;
        say($"Calibrating the latency lookup table on {ExperimentLatency.CalibrationSize} random architectures (once per machine and device profile)");
        var rng = new Random(config.Seed);
        latency.EnsureCalibrated(_ => space.Child(space.Space.Schema.Decisions.Select(d => rng.Next(d.Count)).ToArray()));
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
