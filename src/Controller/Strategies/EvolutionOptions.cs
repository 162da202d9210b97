namespace NasLab.Controller.Strategies;

/// <summary>
/// Regularized evolution settings (Real et al. 2019): population size P and tournament sample size S.
/// The defaults, P = 20 and S = 5, suit the budgets of hundreds of trials this tool runs on a CPU (the paper
/// used P = 100, S = 25 over 20,000 trials); they are what the README documents, and the experiment file's
/// <c>strategy.evolution</c> section binds to this type, so they are the only defaults.
/// </summary>
public sealed record EvolutionOptions
{
    public int PopulationSize { get; init; } = 20;
    public int SampleSize { get; init; } = 5;

    public void Validate()
    {
        if (PopulationSize < 1) throw new ArgumentException($"Evolution population size must be >= 1, got {PopulationSize}.");
        if (SampleSize < 1 || SampleSize > PopulationSize)
            throw new ArgumentException($"Evolution sample size must be in 1..population size ({PopulationSize}), got {SampleSize}.");
    }
}
