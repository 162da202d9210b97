namespace NasLab.Search.Tests.Support;

/// <summary>
/// Tests that compare two runs draw for draw. libtorch's random generator is one per process and tests of other classes
/// run in parallel with theirs, drawing from it between a run's seeding and its use (initialization, dropout). A naslab
/// process runs one search, so nothing else draws from its generator; these tests run alone to be in the same position.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRandomCollection
{
    public const string Name = "Torch random draws (serial)";
}
