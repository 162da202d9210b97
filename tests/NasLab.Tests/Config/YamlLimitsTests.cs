using System.Text;
using NasLab.Cli.Commands;
using NasLab.Search.Config;
using NasLab.Tests.Support;

namespace NasLab.Tests.Config;

/// <summary>
/// Experiment files are bounded before anything reads them as data: their size, and the number of YAML
/// nodes once aliases are expanded, so a 1 KB "billion laughs" file is an error instead of gigabytes of memory.
/// </summary>
public sealed class YamlLimitsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Nine levels of ten aliases each: 10^9 scalars once expanded, from about 600 bytes of text.</summary>
    private static string AliasBomb()
    {
        var yaml = new StringBuilder("reward: {target_ms: 75}\nsearch_space:\n  overrides:\n    choices:\n");
        yaml.Append("      l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level <= 8; level++)
        {
            var below = string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10));
            yaml.Append($"      l{level}: &l{level} [{below}]\n");
        }
        return yaml.ToString();
    }

    [Fact]
    public void An_alias_bomb_in_overrides_is_refused_naming_the_file_and_the_limit()
    {
        var file = _dir.File("bomb.yaml");
        File.WriteAllText(file, AliasBomb());
        Assert.True(new FileInfo(file).Length < 1024);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var (code, output, error) = NasLabCli.Run("validate", file);

        Assert.Equal((ExitCodes.UserError, ""), (code, output));
        Assert.StartsWith($"{file}:", error);
        Assert.Contains($"more than {ExperimentConfigLoader.MaxNodes} YAML nodes", error);
        Assert.DoesNotContain("   at ", error); // no stack trace
        // Refused while reading, long before the expansion would fill memory (it would need gigabytes).
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 64 << 20, "validate allocated more than 64 MiB");
    }

    [Fact]
    public void Stored_experiment_text_is_bounded_by_the_same_alias_limit()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse(AliasBomb(), "runs/x/trials.db (stored experiment file)", "x"));
        Assert.StartsWith("runs/x/trials.db (stored experiment file):", e.Message);
        Assert.Contains($"more than {ExperimentConfigLoader.MaxNodes} YAML nodes", e.Message);
    }

    [Fact]
    public void Ordinary_aliases_still_work()
    {
        var config = ExperimentConfigLoader.Parse("""
            reward: {target_ms: 75}
            search_space:
              overrides:
                choices:
                  kernel: &k [3, 5]
                  other: *k
            """, "aliases.yaml", "x");

        var choices = config.SearchSpace.Overrides.Choices!;
        var kernel = Assert.IsType<OverrideList>(choices["kernel"]);
        var other = Assert.IsType<OverrideList>(choices["other"]);
        Assert.Equal(["3", "5"], kernel.Items.Select(i => ((OverrideScalar)i).Value));
        Assert.Equal(["3", "5"], other.Items.Select(i => ((OverrideScalar)i).Value));
    }

    [Fact]
    public void An_alias_inside_its_own_anchor_is_refused()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse(
            "reward: {target_ms: 75}\nsearch_space:\n  overrides:\n    choices:\n      loop: &a [1, *a]\n", "loop.yaml", "x"));
        Assert.Equal("loop.yaml:5:20: alias *a refers to the node that contains it; YAML aliases must not be recursive", e.Message);
    }

    [Fact]
    public void An_alias_before_its_anchor_is_refused()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse(
            "reward: {target_ms: 75}\nsearch_space:\n  overrides:\n    choices:\n      a: *later\n      b: &later [1]\n", "order.yaml", "x"));
        Assert.Equal("order.yaml:5:10: alias *later is used before its anchor &later is defined", e.Message);
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_refused_before_it_is_parsed()
    {
        var file = _dir.File("big.yaml");
        File.WriteAllText(file, "reward: {target_ms: 75}\n" + new string('#', ExperimentConfigLoader.MaxDocumentBytes) + "\n");

        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.LoadFile(file));

        Assert.Equal($"{file}: the file is larger than 1 MiB ({ExperimentConfigLoader.MaxDocumentBytes} bytes), the limit for experiment files", e.Message);
        var text = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse(File.ReadAllText(file), "stored", "x"));
        Assert.Equal($"stored: the file is larger than 1 MiB ({ExperimentConfigLoader.MaxDocumentBytes} bytes), the limit for experiment files", text.Message);
    }

    [Fact]
    public void A_file_at_the_size_limit_is_read()
    {
        var file = _dir.File("edge.yaml");
        var head = "reward: {target_ms: 75}\n#";
        File.WriteAllText(file, head + new string('x', ExperimentConfigLoader.MaxDocumentBytes - head.Length - 1) + "\n");
        Assert.Equal(ExperimentConfigLoader.MaxDocumentBytes, new FileInfo(file).Length);

        Assert.Equal(75, ExperimentConfigLoader.LoadFile(file).Reward.TargetMs);
    }
}
