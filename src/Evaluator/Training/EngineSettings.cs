using NasLab.SearchSpace.Randomness;
using NasLab.Torch;

namespace NasLab.Evaluator.Training;

/// <summary>
/// Process-wide engine state a run depends on. libtorch's CPU kernels are deterministic at a fixed
/// thread count, so fixing the threads and reseeding the global generator makes a run repeatable.
/// </summary>
internal static class EngineSettings
{
    private const ulong EpochStream = 0x45504F4348; // "EPOCH"

    /// <summary>Before building a network: fixes threads and seeds weight initialisation.</summary>
    public static void Prepare(TrainingRecipe recipe)
    {
        TorchRuntime.NumThreads = recipe.ThreadCount;
        TorchRuntime.ManualSeed(recipe.Seed);
    }

    /// <summary>
    /// At the start of each epoch: reseeds the generator dropout draws from, from (seed, epoch) only, so an
    /// epoch trains identically whether the run started fresh or resumed from a checkpoint.
    /// </summary>
    public static void SeedEpoch(TrainingRecipe recipe, int epoch) =>
        TorchRuntime.ManualSeed(SplitMix64.Derive(recipe.Seed, EpochStream, (ulong)epoch));
}
