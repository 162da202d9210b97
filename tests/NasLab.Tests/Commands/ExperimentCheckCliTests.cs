using NasLab.Search.Store.LiteDb;
using NasLab.Cli.Commands;
using NasLab.Search.Config;
using NasLab.Tests.Support;

namespace NasLab.Tests.Commands;

/// <summary>
/// <c>validate</c> and <c>search</c> run one check of everything a search reads (overrides, the data and its
/// size, the reward, the output directory) and <c>search</c> writes nothing before it passes.
/// </summary>
public sealed class ExperimentCheckCliTests : IDisposable
{
    /// <summary>The real CIFAR-10 subset: 5,085 training images.</summary>
    private const string Cifar = "/work/shared/data/cifar10-subset";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Runs => _dir.File("runs");

    private string Write(string dataset = $"path: {Cifar}\n  validation_size: 300\n  train_subset: 512",
        string reward = "target_ms: 2", string? outputDir = null, string space = "kind: mnasnet")
    {
        var file = _dir.File("exp.yaml");
        File.WriteAllText(file, $"""
            name: exp
            output_dir: {outputDir ?? Runs}
            search_space:
              {space}
            dataset:
              name: cifar10
              {dataset}
            proxy_training:
              epochs: 1
              batch_size: 64
            strategy:
              type: random
            reward:
              {reward}
            budget:
              trials: 1

            """);
        return file;
    }

    private static void AssertUserError((int Code, string Out, string Err) run, params string[] parts)
    {
        Assert.True(run.Code == ExitCodes.UserError, $"exit {run.Code}: {run.Err}");
        Assert.DoesNotContain("internal error", run.Err);
        foreach (var part in parts) Assert.Contains(part, run.Err);
    }

    [Fact]
    public void A_missing_data_folder_fails_validate_and_search_writes_nothing_so_the_fixed_file_is_accepted()
    {
        var missing = _dir.File("no-such-data");
        var file = Write(dataset: $"path: {missing}\n  validation_size: 300\n  train_subset: 512");

        AssertUserError(NasLabCli.Run("validate", file), file, "dataset.path", missing);
        AssertUserError(NasLabCli.Run("search", file), file, "dataset.path", missing);
        Assert.False(Directory.Exists(Runs), "search created the output directory before checking the data");

        Write(); // the user fixes the path
        var fixedRun = NasLabCli.Run("validate", file);
        Assert.Equal((ExitCodes.Ok, ""), (fixedRun.Code, fixedRun.Err));
        Assert.Contains("5085 training images", fixedRun.Out);
        Assert.False(Directory.Exists(Runs), "validate wrote to the output directory");
    }

    [Fact]
    public void Validate_applies_the_search_space_overrides()
    {
        var file = Write(space: "kind: mnasnet\n  overrides:\n    choices:\n      colours: [1, 2]");
        AssertUserError(NasLabCli.Run("validate", file), file, "unknown key 'colours'", "allowed keys: conv_ops");
        AssertUserError(NasLabCli.Run("search", file), file, "unknown key 'colours'");
        Assert.False(Directory.Exists(Runs));
    }

    [Fact]
    public void A_validation_size_larger_than_the_data_names_the_field_and_the_allowed_range()
    {
        var file = Write(dataset: $"path: {Cifar}\n  validation_size: 6000");
        foreach (var command in new[] { "validate", "search" })
            AssertUserError(NasLabCli.Run(command, file), file, "dataset.validation_size", "6000", "5085", "allowed values: 1 to 5084");
        Assert.False(Directory.Exists(Runs));
    }

    [Fact]
    public void A_train_subset_larger_than_what_validation_leaves_names_the_field_and_the_allowed_range()
    {
        var file = Write(dataset: $"path: {Cifar}\n  validation_size: 300\n  train_subset: 5000");
        foreach (var command in new[] { "validate", "search" })
            AssertUserError(NasLabCli.Run(command, file), file, "dataset.train_subset", "allowed values: 64 to 4785");
        Assert.False(Directory.Exists(Runs));
    }

    [Fact]
    public void A_train_subset_smaller_than_a_batch_is_a_user_error()
    {
        var file = Write(dataset: $"path: {Cifar}\n  validation_size: 300\n  train_subset: 10");
        AssertUserError(NasLabCli.Run("validate", file), file, "dataset.train_subset", "allowed values: 64 to 4785");
    }

    [Fact]
    public void A_reward_that_overflows_at_plausible_latencies_is_rejected_before_anything_runs()
    {
        // (1 ms / 1e300 ms)^-10 = 1e3000: infinite in a double.
        var file = Write(reward: "target_ms: 1e300\n  alpha: -10\n  beta: -10");
        foreach (var command in new[] { "validate", "search" })
            AssertUserError(NasLabCli.Run(command, file), file, "reward.target_ms", "not a finite", "allowed target_ms");
        Assert.False(Directory.Exists(Runs));
    }

    [Fact]
    public void An_output_dir_under_a_regular_file_is_a_user_error_naming_the_field()
    {
        var blocker = _dir.File("a-file");
        File.WriteAllText(blocker, "not a directory");
        var file = Write(outputDir: Path.Combine(blocker, "runs"));
        foreach (var command in new[] { "validate", "search" })
            AssertUserError(NasLabCli.Run(command, file), file, "output_dir", blocker, "is a file");
        Assert.Equal("not a directory", File.ReadAllText(blocker));
    }

    [Fact]
    public void An_output_dir_that_cannot_be_created_is_a_user_error_naming_the_field()
    {
        // Nobody, root included, can create directories in /proc.
        var file = Write(outputDir: "/proc/naslab-not-writable/runs");
        AssertUserError(NasLabCli.Run("search", file), file, "output_dir", "/proc/naslab-not-writable");
    }

    [Fact]
    public void A_changed_configuration_is_refused_with_the_flag_that_overrides_it()
    {
        var db = Path.Combine(Runs, "exp", "trials.db");
        using (LiteDbTrialStore.Create(db, Samples.Identity)) { }
        var file = Write();

        var refused = NasLabCli.Run("search", file);

        AssertUserError(refused, db, "different configuration", "--force");
    }
}
