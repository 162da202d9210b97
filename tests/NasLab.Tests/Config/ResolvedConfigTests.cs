using NasLab.Search.Config;

namespace NasLab.Tests.Config;

/// <summary>The printed resolved config, overrides and the config hash.</summary>
public class ResolvedConfigTests
{
    private const string WithOverrides = """
        name: ovr
        search_space:
          kind: mnasnet
          overrides:
            choices:
              kernel_size: [3, 5]
              se_ratio: [0, 0.25]
            blocks:
              - {filters: 24, repeats: 2, stride: 2}
              - filters: 40
                repeats: 3
            stem: {filters: 16, note: 'a: b'}
        reward: {target_ms: 75, w: -0.1}
        """;

    [Fact]
    public void Overrides_are_kept_as_located_data()
    {
        var c = ExperimentConfigLoader.Parse(WithOverrides, "x.yaml");
        var o = c.SearchSpace.Overrides;

        var kernel = Assert.IsType<OverrideList>(o.Choices!["kernel_size"]);
        Assert.Equal(["3", "5"], kernel.Items.Cast<OverrideScalar>().Select(s => s.Value));
        Assert.Equal("search_space.overrides.choices.kernel_size", kernel.FieldPath);
        Assert.Equal(new SourceLocation("x.yaml", 6, 20), kernel.Location);

        var second = Assert.IsType<OverrideMap>(o.Blocks!.Items[1]);
        var repeats = Assert.IsType<OverrideScalar>(second["repeats"]);
        Assert.Equal("3", repeats.Value);
        Assert.Equal("search_space.overrides.blocks[1].repeats", repeats.FieldPath);
        Assert.Equal(new SourceLocation("x.yaml", 11, 18), repeats.Location);

        Assert.True(Assert.IsType<OverrideScalar>(o.Stem!["note"]).Quoted);
    }

    [Theory]
    [InlineData("choices: [3, 5]", "x.yaml:4:14: search_space.overrides.choices: expected a mapping from decision name to a list of options, got a list")]
    [InlineData("choices: {kernel_size: 3}", "x.yaml:4:28: search_space.overrides.choices.kernel_size: expected a non-empty list of options for 'kernel_size'")]
    [InlineData("blocks: [3]", "x.yaml:4:14: search_space.overrides.blocks[0]: expected a mapping of this block's settings (e.g. filters, repeats, stride)")]
    [InlineData("stems: {}", "x.yaml:4:5: search_space.overrides.stems: unknown key; did you mean 'stem'? allowed keys: choices, blocks, stem, cells")]
    public void Override_shapes_are_checked(string line, string expected)
    {
        var yaml = $"search_space:\n  kind: mnasnet\n  overrides:\n    {line}\nreward: {{target_ms: 75}}\n";
        Assert.Equal(expected, Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse(yaml, "x.yaml", "x")).Message);
    }

    [Theory]
    [InlineData("reward: {target_ms: 75}\n")]
    [InlineData(WithOverrides)]
    [InlineData("strategy: {type: rl, rl: {optimizer: ppo, ppo_clip: 0.1, tanh_constant: null}}\nreward: {target_ms: 3.5e-1, alpha: 0, beta: -0.3}\nlatency: {device: custom, threads: 3}\nbudget: {wall_time: 90s}\ndataset: {name: mnist, train_subset: 100}\nproxy_training: {time_limit_seconds: 12.25}\n")]
    [InlineData("evaluation: {mode: weight-sharing, weight_sharing: {rounds: 7, lr: 0.025, paths: 2, rerank: 3}}\nreward: {target_ms: 2}\n")]
    [InlineData("search_space: {kind: enas, overrides: {cells: {per_stack: 1, filters: 16}}}\nevaluation: {mode: weight-sharing, weight_sharing: {grad_clip: 5}}\nreward: {target_ms: 2}\n")]
    [InlineData("strategy: {type: evolution, evolution: {population: 9, sample_size: 3}}\nreward: {target_ms: 1, constraint: hard}\nname: \"it's\"\n")]
    public void Printed_resolved_config_parses_back_to_the_same_config(string yaml)
    {
        var first = ExperimentConfigLoader.Parse(yaml.Replace("name: \"it's\"", "name: its"), "a.yaml", "dflt");
        var printed = ConfigYamlWriter.Write(first);
        var second = ExperimentConfigLoader.Parse(printed, "printed.yaml");

        // Overrides carry source locations, so compare them through their canonical text.
        Assert.Equal(first with { SearchSpace = first.SearchSpace with { Overrides = SearchSpaceOverrides.None } },
                     second with { SearchSpace = second.SearchSpace with { Overrides = SearchSpaceOverrides.None } });
        Assert.Equal(printed, ConfigYamlWriter.Write(second));
    }

    [Fact]
    public void Hash_ignores_comments_defaults_budget_and_output_dir_but_not_settings()
    {
        static string Hash(string yaml) => ConfigHash.Compute(ExperimentConfigLoader.Parse(yaml, "h.yaml", "h"));

        var baseline = Hash("reward: {target_ms: 75}\n");
        Assert.Equal(64, baseline.Length);
        Assert.Equal(baseline, Hash("# a comment\nreward:\n  target_ms: 75.0   # same number\n  constraint: soft\nseed: 0\n"));
        Assert.Equal(baseline, Hash("reward: {target_ms: 75}\nbudget: {trials: 5000}\noutput_dir: elsewhere\n"));
        Assert.NotEqual(baseline, Hash("reward: {target_ms: 75}\nseed: 1\n"));
        Assert.NotEqual(baseline, Hash("reward: {target_ms: 75, constraint: hard}\n"));
        Assert.NotEqual(baseline, Hash("reward: {target_ms: 75}\nproxy_training: {epochs: 6}\n"));
    }

    [Theory]
    [InlineData("2h", 7200)]
    [InlineData("30m", 1800)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("1h0m5s", 3605)]
    public void Durations_parse_and_print_back(string text, int seconds)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
        Assert.True(DurationText.TryParse(DurationText.Format(value), out var again));
        Assert.Equal(value, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("2 h")]
    [InlineData("30m2h")]
    [InlineData("1.5h")]
    public void Malformed_durations_are_rejected(string text) => Assert.False(DurationText.TryParse(text, out _));
}
