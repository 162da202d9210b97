namespace NasLab.Controller.Strategies;

/// <summary>
/// Regularized evolution settings (Real et al. 2019): population size P and tournament sample size S
/// (the paper's defaults are P = 100, S = 25 for the NASNet space).
/// </summary>
public sealed record EvolutionOptions
{
    public int PopulationSize { get; init; } = 100;
    public int SampleSize { get; init; } = 25;

    public void Validate()
    {
        if (PopulationSize < 1) throw new ArgumentException($"Evolution population size must be >= 1, got {PopulationSize}.");
        if (SampleSize < 1 || SampleSize > PopulationSize)
            throw new ArgumentException($"Evolution sample size must be in 1..population size ({PopulationSize}), got {SampleSize}.");
    }
}
