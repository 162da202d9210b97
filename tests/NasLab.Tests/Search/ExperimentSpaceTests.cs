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
}
