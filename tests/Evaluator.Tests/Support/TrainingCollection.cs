namespace NasLab.Evaluator.Tests;

/// <summary>
/// Tests that train networks share the 2 cores with libtorch's own threads; running them alongside each other
/// (or anything else in this assembly) would only make each slower and their timings meaningless.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    public const string Name = "Training (serial)";
}
