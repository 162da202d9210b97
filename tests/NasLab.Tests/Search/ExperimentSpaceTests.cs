using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.Loop;
using NasLab.SearchSpace.Architecture;

namespace NasLab.Tests.Search;

/// <summary>Search spaces built from experiment files, with and without overrides.</summary>
public class ExperimentSpaceTests
{
    private static ExperimentConfig Parse(string yaml) => ExperimentConfigLoader.Parse(yaml, "test.yaml", "test");

    /// <summary>The shipped experiment files, copied next to the test assembly by the csproj.</summary>
    private static string ExperimentsDir => Path.Combine(AppContext.BaseDirectory, "experiments");

    public static IEnumerable<object[]> ShippedExperiments =>
        Directory.GetFiles(ExperimentsDir, "*.yaml").Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(ShippedExperiments))]
    public void EveryShippedExperimentBuildsItsSpaceAndDecodesChildren(string file)
    {
        var config = ExperimentConfigLoader.LoadFile(Path.Combine(ExperimentsDir, file));
        var space = ExperimentSpace.Create(config.SearchSpace, config.Dataset.Resolution, 10, file);
        var child = space.Child(new int[space.Space.Schema.Length]);
        Assert.Equal(10, child.NumClasses);
        Assert.Equal(config.Dataset.Resolution, child.InputResolution);
    }

    [Fact]
    public void OverridesChangeChoicesSkeletonAndStem()
    {
        var config = Parse("""
            reward: {target_ms: 5}
            search_space:
              kind: mnasnet
              overrides:
                choices:
                  conv_ops: [sep, mbconv]
                  kernels: [3, [3, 5]]
                  expansions: [6]
                blocks:
                  - {filters: 16, repeats: 1, stride: 1}
                  - {filters: 32, repeats: 2, stride: 2}
                stem: {channels: 8}
            """);
        var space = ExperimentSpace.Create(config.SearchSpace, 32, 10, "test.yaml");
        // 2 blocks; expansion has a single choice so it is not a decision.
        Assert.Equal(2 * 6, space.Space.Schema.Length);
        Assert.Contains(space.Space.Schema.Decisions, d => d.Choices.Count == 2 && d.Kind.Contains("kernel"));
        var child = (BlockNetwork)space.Space.Decode(new int[space.Space.Schema.Length]);
        Assert.Equal(8, child.Stem.Channels);
        Assert.Equal(2, child.Stages.Count);
    }

    [Fact]
    public void UnknownOverrideKeysNameTheLocationAndTheAllowedKeys()
    {
        var config = Parse("""
            reward: {target_ms: 5}
            search_space:
              kind: mnasnet
              overrides:
                choices:
                  kernel_size: [3, 5]
            """);
        var e = Assert.Throws<ConfigException>(() => ExperimentSpace.Create(config.SearchSpace, 32, 10, "test.yaml"));
        Assert.StartsWith("test.yaml:6:", e.Message);
        Assert.Contains("unknown key 'kernel_size'; allowed keys: conv_ops, kernels,", e.Message);
    }

    [Fact]
    public void InvalidOverrideValuesAreReportedAgainstTheSearchSpace()
    {
        var config = Parse("""
            reward: {target_ms: 5}
            search_space:
              kind: mnasnet
              overrides:
                choices:
                  kernels: [3, 4]
            """);
        var e = Assert.Throws<ConfigException>(() => ExperimentSpace.Create(config.SearchSpace, 32, 10, "test.yaml"));
        Assert.StartsWith("test.yaml:", e.Message);
        Assert.Contains("4", e.Message);
    }

    [Fact]
    public void An_unknown_cell_op_names_the_field_once()
    {
        // Found by the fuzz test: the message used to read "search_space: options.ops: options.ops: unknown cell op".
        var config = Parse("reward: {target_ms: 5}\nsearch_space:\n  kind: enas\n  overrides:\n    choices:\n      ops: [identity, sep4x4]\n");

        var e = Assert.Throws<ConfigException>(() => ExperimentSpace.Create(config.SearchSpace, 32, 10, "test.yaml"));

        Assert.StartsWith("test.yaml:6:7: search_space: options.ops: unknown cell op 'sep4x4'; allowed: identity,", e.Message);
    }

    [Fact]
    public void Cell_overrides_set_the_cells_per_stack_filters_and_blocks_and_refuse_the_rest()
    {
        var config = Parse("reward: {target_ms: 5}\nsearch_space:\n  kind: enas\n  overrides:\n    cells: {per_stack: 1, filters: 16, blocks: 3}\n");
        var space = ExperimentSpace.Create(config.SearchSpace, 32, 10, "test.yaml");
        var child = Assert.IsType<NasLab.SearchSpace.Cells.CellNetwork>(space.Child(new int[space.Space.Schema.Length]));
        Assert.Equal((1, 16, 3), (child.CellsPerStack, child.Filters, child.Normal.Blocks.Count));
        Assert.Equal(2 * 3 * 4, space.Space.Schema.Length); // two cells of 3 blocks, 4 decisions each

        var unknown = Parse("reward: {target_ms: 5}\nsearch_space:\n  kind: enas\n  overrides:\n    cells: {n: 1}\n");
        var e = Assert.Throws<ConfigException>(() => ExperimentSpace.Create(unknown.SearchSpace, 32, 10, "test.yaml"));
        Assert.StartsWith("test.yaml:5:", e.Message);
        Assert.EndsWith("search_space.overrides.cells.n: unknown key 'n'; allowed keys: per_stack, filters, blocks", e.Message);

        var blocks = Parse("reward: {target_ms: 5}\nsearch_space:\n  kind: mnasnet\n  overrides:\n    cells: {per_stack: 1}\n");
        e = Assert.Throws<ConfigException>(() => ExperimentSpace.Create(blocks.SearchSpace, 32, 10, "test.yaml"));
        Assert.Contains("search_space.overrides.cells: factorized spaces have no cells; allowed override sections: choices, blocks, stem", e.Message);

        var zero = Parse("reward: {target_ms: 5}\nsearch_space:\n  kind: enas\n  overrides:\n    cells: {per_stack: 0}\n");
        e = Assert.Throws<ConfigException>(() => ExperimentSpace.Create(zero.SearchSpace, 32, 10, "test.yaml"));
        Assert.StartsWith("test.yaml:5:", e.Message);
    }
}
