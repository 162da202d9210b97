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
    public const string DefaultOutputDir = "runs";

    /// <summary>Directory holding everything one experiment writes: <c>&lt;output_dir&gt;/&lt;name&gt;</c>.</summary>
    public string ExperimentDirectory => Path.Combine(OutputDir, Name);

    /// <summary>The trial database of this experiment: <c>&lt;output_dir&gt;/&lt;name&gt;/trials.db</c>.</summary>
    public string DatabasePath => Path.Combine(ExperimentDirectory, "trials.db");
}
