namespace NasLab.Search.Tests.Store;

/// <summary>
/// The tests that run writer processes run one at a time: each already keeps a child and the test busy on a
/// two-core machine, and in parallel they would mostly measure each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WriterProcesses
{
    public const string Name = "writer processes";
}
