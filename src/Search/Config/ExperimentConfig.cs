namespace NasLab.Search.Config;

/// <summary>
/// A fully resolved experiment: every optional field has its default filled in and all
/// cross-field rules hold. Produced only by <see cref="ExperimentConfigLoader"/>.
/// </summary>
public sealed record ExperimentConfig(
    string Name,
    SearchSpaceConfig SearchSpace,
    DatasetConfig Dataset,
    ProxyTrainingConfig ProxyTraining,
    StrategyConfig Strategy,
    RewardConfig Reward,
    LatencyConfig Latency,
    BudgetConfig Budget,
    int Seed,
    string OutputDir)
{
    public const int DefaultSeed = 0;

    /// <summary>Stand-alone training of every candidate (the default) or a weight-sharing supernet.</summary>
    public EvaluationConfig Evaluation { get; init; } = EvaluationConfig.Defaults;
    public const string DefaultOutputDir = "runs";

    /// <summary>
    /// Where a resumed experiment's store actually is. An experiment folder can be moved or renamed: resuming
    /// it writes beside its store, never into a new <c>&lt;output_dir&gt;/&lt;name&gt;</c> sibling.
    /// </summary>
    public string? ResumedDirectory { get; init; }

    /// <summary>
    /// Directory holding everything one experiment writes: <c>&lt;output_dir&gt;/&lt;name&gt;</c>, or the folder a
    /// resumed experiment was found in. Relative paths in an experiment file (<c>output_dir</c>,
    /// <c>dataset.path</c>) are relative to the working directory, like every path typed on the command line.
    /// </summary>
    public string ExperimentDirectory => ResumedDirectory ?? Path.Combine(OutputDir, Name);

    /// <summary>The trial database of this experiment: <c>&lt;output_dir&gt;/&lt;name&gt;/trials.db</c>.</summary>
    public string DatabasePath => Path.Combine(ExperimentDirectory, "trials.db");
}
