using NasLab.SearchSpace.Engine;
using NasLab.SearchSpace.Randomness;

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
        TorchEngine.NumThreads = recipe.ThreadCount;
        TorchEngine.ManualSeed(recipe.Seed);
    }

    /// <summary>
    /// At the start of each epoch: reseeds the generator dropout draws from, from (seed, epoch) only, so an
    /// epoch trains identically whether the run started fresh or resumed from a checkpoint. This is the whole
    /// random state of a run between epochs (the loader derives its shuffles and augmentation from
    /// (seed, epoch, sample) the same way), so a checkpoint needs no generator state of its own.
    /// </summary>
    public static void SeedEpoch(TrainingRecipe recipe, int epoch) =>
        TorchEngine.ManualSeed(SplitMix64.Derive(recipe.Seed, EpochStream, (ulong)epoch));
}
