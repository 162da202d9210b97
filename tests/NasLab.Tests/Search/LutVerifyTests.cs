using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.Loop;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;

namespace NasLab.Tests.Search;

/// <summary>
/// Issue 11 item 11: <c>latency.mode: lut+verify</c> measures a sample of the trials in full (about one in
/// <c>verify_every</c>, chosen by architecture hash) and stores both the estimate and the measurement for
/// those; the others get the lookup table's estimate alone.
/// </summary>
public sealed class LutVerifyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("naslab-verify-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Lut_verify_measures_the_hash_chosen_sample_and_stores_both_values()
    {
        var yaml = Path.Combine(_dir, "verify.yaml");
        File.WriteAllText(yaml, $"""
            name: verify
            seed: 4
            output_dir: {_dir}/runs
            dataset:
              path: auto
              validation_size: 100
              train_subset: 128
            proxy_training:
              epochs: 1
              width_multiplier: 0.25
            strategy:
              type: random
            reward:
              target_ms: 5
            latency:
              mode: lut+verify
              verify_every: 2
              runs: 2
              warmup_runs: 1
            budget:
              trials: 6
            """);
        var outcome = SearchSession.Start(yaml, false, NullSearchObserver.Instance, CancellationToken.None, latencyCacheDirectory: Path.Combine(_dir, "cache"));
        Assert.Equal(SearchEnd.BudgetSpent, outcome.End);

        using var store = LiteDbTrialStore.OpenReadOnly(ExperimentConfigLoader.LoadFile(yaml).DatabasePath);
        var completed = store.ListTrials(new TrialQuery(TrialStatus.Completed));
        Assert.NotEmpty(completed);
        foreach (var t in completed)
        {
            if (ExperimentLatency.IsVerified(t.ArchHash, 2))
            {
                Assert.Equal("lut+verify", t.LatencyMode);
                Assert.True(t.MeasuredLatencyMs > 0, $"trial {t.Id} was verified but has no measurement");
                Assert.NotEqual(t.LatencyMs, t.MeasuredLatencyMs); // the estimate is kept as the latency, the measurement beside it
            }
            else
            {
                Assert.Equal("lut", t.LatencyMode);
                Assert.Null(t.MeasuredLatencyMs);
            }
        }
        // Seed 4 gives both kinds (the choice is a function of the architecture, the same on every machine).
        Assert.Contains(completed, t => t.LatencyMode == "lut+verify");
        Assert.Contains(completed, t => t.LatencyMode == "lut");
    }

    [Fact]
    public void Verify_every_is_refused_outside_lut_verify_and_printed_within_it()
    {
        var wrong = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.Parse("reward: {target_ms: 5}\nlatency: {mode: lut, verify_every: 3}\n", "x.yaml", "x"));
        Assert.Contains("latency.verify_every", wrong.Message);
        Assert.Contains("lut+verify", wrong.Message);

        var config = ExperimentConfigLoader.Parse("reward: {target_ms: 5}\nlatency: {mode: lut+verify}\n", "x.yaml", "x");
        Assert.Equal(LatencyConfig.DefaultVerifyEvery, config.Latency.VerifyEvery);
        var printed = ConfigYamlWriter.Write(config);
        Assert.Contains("verify_every: 10", printed);
        Assert.Equal(config, ExperimentConfigLoader.Parse(printed, "printed.yaml", "x"));
        Assert.Equal(1, ExperimentLatency.IsVerified(new string('0', 64), 7) ? 1 : 0);
        Assert.False(ExperimentLatency.IsVerified("000000000000001" + new string('0', 49), 7));
    }
}
