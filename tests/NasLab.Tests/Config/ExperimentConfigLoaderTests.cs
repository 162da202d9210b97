using NasLab.Controller.Strategies;
using NasLab.Controller.Training;
using NasLab.Search.Config;

namespace NasLab.Tests.Config;

public class ExperimentConfigLoaderTests
{
    private const string Src = "experiments/foo.yaml";

    private static ExperimentConfig Parse(string yaml) => ExperimentConfigLoader.Parse(yaml, Src, "foo");

    private static ConfigException Fails(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));

    [Fact]
    public void Minimal_file_gets_every_documented_default()
    {
        var c = Parse("reward:\n  target_ms: 75\n");

        Assert.Equal("foo", c.Name);
        Assert.Equal(0, c.Seed);
        Assert.Equal("runs", c.OutputDir);
        Assert.Equal(Path.Combine("runs", "foo", "trials.db"), c.DatabasePath);
        Assert.Equal(new SearchSpaceConfig(SearchSpaceKind.Mnasnet, SearchSpaceOverrides.None), c.SearchSpace);
        Assert.Equal(new DatasetConfig(DatasetName.Cifar10, "data/cifar10", 5000, null, 32, 0), c.Dataset);
        Assert.Equal(new ProxyTrainingConfig(5, 128, 0.05, 0.9, true, 4e-5, 0, 0.1, 1.0, null), c.ProxyTraining);
        Assert.Equal(StrategyType.Rl, c.Strategy.Type);
        // The documented defaults (README), hand-written: ENAS's controller and training, M = 1.
        var (controller, training) = (c.Strategy.Rl!.Controller, c.Strategy.Rl.Training);
        Assert.Equal((100, 1, 5.0, 2.5), (controller.HiddenSize, controller.Layers, controller.Temperature, controller.TanhConstant));
        Assert.Equal((PolicyGradientAlgorithm.Reinforce, 3.5e-4, 0.99, 1e-4, 1, 0.2),
            (training.Algorithm, training.LearningRate, training.BaselineDecay, training.EntropyWeight, training.BatchSize, training.PpoClip));
        Assert.Null(c.Strategy.Evolution);
        Assert.Equal(new RewardConfig(75, -0.07, -0.07, RewardForm.Soft), c.Reward);
        Assert.Equal(new LatencyConfig(LatencyDevice.Cpu1Thread, 1, LatencyMode.Lut, 20, 5), c.Latency);
        Assert.Equal(new BudgetConfig(100, null), c.Budget);
    }

    [Fact]
    public void Full_file_is_read_field_by_field()
    {
        var c = Parse("""
            name: full
            seed: 7
            output_dir: out
            search_space:
              kind: mixnet
            dataset:
              name: fashion-mnist
              path: /data/fm
              validation_size: 6000
              train_subset: 54000
              resolution: 28
              split_seed: 3
            proxy_training:
              epochs: 3
              batch_size: 32
              lr: 0.1
              momentum: 0
              nesterov: false
              weight_decay: 0
              warmup_epochs: 2
              label_smoothing: 0
              width_multiplier: 0.25
              time_limit_seconds: 90.5
            strategy:
              type: evolution
              evolution:
                population: 10
                sample_size: 10
            reward:
              target_ms: 12.5
              constraint: hard
            latency:
              device: custom
              threads: 4
              mode: lut+verify
              runs: 3
              warmup_runs: 0
            budget:
              trials: 50
              wall_time: 1h30m
            """);

        Assert.Equal("full", c.Name);
        Assert.Equal(7, c.Seed);
        Assert.Equal(Path.Combine("out", "full", "trials.db"), c.DatabasePath);
        Assert.Equal(SearchSpaceKind.Mixnet, c.SearchSpace.Kind);
        Assert.Equal(new DatasetConfig(DatasetName.FashionMnist, "/data/fm", 6000, 54000, 28, 3), c.Dataset);
        Assert.Equal(new ProxyTrainingConfig(3, 32, 0.1, 0, false, 0, 2, 0, 0.25, 90.5), c.ProxyTraining);
        Assert.Equal(new StrategyConfig(StrategyType.Evolution, null, new EvolutionOptions { PopulationSize = 10, SampleSize = 10 }), c.Strategy);
        Assert.Equal(new RewardConfig(12.5, 0, -1, RewardForm.Hard), c.Reward);
        Assert.Equal(new LatencyConfig(LatencyDevice.Custom, 4, LatencyMode.LutVerify, 3, 0), c.Latency);
        Assert.Equal(new BudgetConfig(50, TimeSpan.FromMinutes(90)), c.Budget);
    }

    [Theory]
    [InlineData("w: -0.1", -0.1, -0.1, RewardForm.SingleExponent)]
    [InlineData("alpha: 0\n  beta: -0.5", 0.0, -0.5, RewardForm.ExplicitExponents)]
    [InlineData("constraint: soft", -0.07, -0.07, RewardForm.Soft)]
    [InlineData("constraint: hard", 0.0, -1.0, RewardForm.Hard)]
    public void Reward_exponents_come_from_exactly_one_form(string lines, double alpha, double beta, RewardForm form)
    {
        var c = Parse($"reward:\n  target_ms: 75\n  {lines}\n");
        Assert.Equal(new RewardConfig(75, alpha, beta, form), c.Reward);
    }

    [Fact]
    public void Bad_choice_names_file_line_column_field_and_allowed_values()
    {
        var e = Fails("name: foo\nreward:\n  target_ms: 75\n  constraint: medium\n");
        Assert.Equal("experiments/foo.yaml:4:15: reward.constraint: 'medium' is not allowed; allowed values: soft, hard", e.Message);
        Assert.Equal(new SourceLocation(Src, 4, 15), e.Location);
        Assert.Equal("reward.constraint", e.FieldPath);
    }

    [Fact]
    public void Near_miss_choice_suggests_the_intended_value()
    {
        var e = Fails("search_space:\n  kind: mnasnett\nreward: {target_ms: 75}\n");
        Assert.Equal("experiments/foo.yaml:2:9: search_space.kind: 'mnasnett' is not allowed; did you mean 'mnasnet'? " +
                     "allowed values: mnasnet, mixnet, nasnet, enas", e.Message);
    }

    [Fact]
    public void Unknown_key_suggests_the_closest_valid_key()
    {
        var e = Fails("reward:\n  target_ms: 75\n  constrant: soft\n");
        Assert.Equal("experiments/foo.yaml:3:3: reward.constrant: unknown key; did you mean 'constraint'? " +
                     "allowed keys: target_ms, constraint, w, alpha, beta", e.Message);
    }

    [Fact]
    public void Weight_sharing_settings_default_and_are_checked()
    {
        var c = Parse("reward: {target_ms: 5}\nevaluation: {mode: weight-sharing, weight_sharing: {rounds: 12}}\n");
        Assert.Equal(EvaluationMode.WeightSharing, c.Evaluation.Mode);
        Assert.Equal(new WeightSharingConfig() with { Rounds = 12 }, c.Evaluation.WeightSharing);
        Assert.Equal(EvaluationMode.Standalone, Parse("reward: {target_ms: 5}\n").Evaluation.Mode);
        Assert.Null(Parse("reward: {target_ms: 5}\n").Evaluation.WeightSharing);

        Assert.Equal("experiments/foo.yaml:2:48: evaluation.weight_sharing: settings for 'weight_sharing' are given but evaluation.mode is 'standalone'; " +
                     "remove them or set evaluation.mode: weight-sharing",
            Fails("reward: {target_ms: 5}\nevaluation: {mode: standalone, weight_sharing: {rounds: 3}}\n").Message);
        Assert.Equal(EvaluationMode.WeightSharing, Parse("reward: {target_ms: 5}\nsearch_space: {kind: enas}\nevaluation: {mode: weight-sharing}\n").Evaluation.Mode);
        Assert.Contains("evaluation.mode: 'shared' is not allowed", Fails("reward: {target_ms: 5}\nevaluation: {mode: shared}\n").Message);
        Assert.Contains("standalone, weight-sharing", Fails("reward: {target_ms: 5}\nevaluation: {mode: shared}\n").Message);
        Assert.Contains("evaluation.weight_sharing.rerank", Fails("reward: {target_ms: 5}\nevaluation: {mode: weight-sharing, weight_sharing: {rerank: 0}}\n").Message);
        Assert.Contains("did you mean 'rounds'?", Fails("reward: {target_ms: 5}\nevaluation: {mode: weight-sharing, weight_sharing: {round: 3}}\n").Message);
    }

    [Fact]
    public void Unknown_top_level_key_with_no_close_match_lists_allowed_keys_only()
    {
        var e = Fails("reward: {target_ms: 75}\ncolour: blue\n");
        Assert.Equal("experiments/foo.yaml:2:1: colour: unknown key; allowed keys: name, search_space, dataset, proxy_training, " +
                     "strategy, evaluation, reward, latency, budget, seed, output_dir", e.Message);
    }

    [Fact]
    public void Transposed_letters_in_a_nested_key_are_recognised()
    {
        var e = Fails("strategy:\n  rl:\n    lyaers: 2\nreward: {target_ms: 75}\n");
        Assert.StartsWith("experiments/foo.yaml:3:5: strategy.rl.lyaers: unknown key; did you mean 'layers'?", e.Message);
    }

    [Theory]
    [InlineData("cycles: 40")]
    [InlineData("cycles: null")]
    public void Evolution_cycles_is_removed_with_a_pointer_to_budget_trials(string line)
    {
        // Regularized evolution's cycles are the trials after the initial population, which budget.trials
        // (population + cycles) already bounds; the key used to be parsed and then silently ignored.
        var e = Fails($"strategy:\n  type: evolution\n  evolution:\n    {line}\nreward: {{target_ms: 75}}\n");
        Assert.Equal("experiments/foo.yaml:4:5: strategy.evolution.cycles: removed; use budget.trials " +
                     "(the total number of trials: population + the evolution cycles wanted)", e.Message);
    }

    [Theory]
    [InlineData("proxy_training:\n  epochs: five\n", "experiments/foo.yaml:2:11: proxy_training.epochs: expected an integer, got 'five'")]
    [InlineData("proxy_training:\n  epochs: 2.5\n", "experiments/foo.yaml:2:11: proxy_training.epochs: expected an integer, got '2.5'")]
    [InlineData("proxy_training:\n  lr: '0.1'\n", "experiments/foo.yaml:2:7: proxy_training.lr: expected a number, got the quoted string '0.1' (remove the quotes)")]
    [InlineData("proxy_training:\n  nesterov: yes\n", "experiments/foo.yaml:2:13: proxy_training.nesterov: expected true or false, got 'yes'")]
    [InlineData("proxy_training: [1, 2]\n", "experiments/foo.yaml:1:17: proxy_training: expected a mapping of epochs, batch_size, lr, momentum, nesterov, weight_decay, warmup_epochs, label_smoothing, width_multiplier, time_limit_seconds, device, got a list")]
    [InlineData("dataset:\n  name: [cifar10]\n", "experiments/foo.yaml:2:9: dataset.name: expected one of cifar10, cifar100, fashion-mnist, mnist, got a list")]
    [InlineData("budget:\n  wall_time: 2 hours\n", "experiments/foo.yaml:2:14: budget.wall_time: '2 hours' is not a duration; write it like 2h, 30m, 1h30m, 90s")]
    public void Wrong_types_are_reported_precisely(string section, string expected)
    {
        var e = Fails(section + "reward: {target_ms: 75}\n");
        Assert.Equal(expected, e.Message);
    }

    [Theory]
    [InlineData("proxy_training:\n  momentum: 1\n", "experiments/foo.yaml:2:13: proxy_training.momentum: 1 is out of range; must be >= 0 and < 1")]
    [InlineData("proxy_training:\n  epochs: 0\n", "experiments/foo.yaml:2:11: proxy_training.epochs: 0 is out of range; must be between 1 and 1000")]
    [InlineData("proxy_training:\n  lr: -0.1\n", "experiments/foo.yaml:2:7: proxy_training.lr: -0.1 is out of range; must be > 0 and <= 10")]
    [InlineData("dataset:\n  validation_size: 50000\n", "experiments/foo.yaml:2:20: dataset.validation_size: 50000 is out of range; must be between 1 and 49999")]
    [InlineData("dataset:\n  name: mnist\n  validation_size: 10000\n  train_subset: 50001\n",
        "experiments/foo.yaml:4:17: dataset.train_subset: 50001 is out of range; mnist has 60000 training images and validation_size takes 10000, so at most 50000 remain")]
    [InlineData("strategy:\n  rl:\n    baseline_decay: 1.5\n", "experiments/foo.yaml:3:21: strategy.rl.baseline_decay: 1.5 is out of range; must be >= 0 and < 1")]
    [InlineData("budget:\n  trials: -3\n", "experiments/foo.yaml:2:11: budget.trials: -3 is out of range; must be between 1 and 1000000")]
    // Found by the fuzz test: both used to overflow a TimeSpan (an internal error) instead of a range error.
    [InlineData("proxy_training:\n  time_limit_seconds: 99999999999999999999\n",
        "experiments/foo.yaml:2:23: proxy_training.time_limit_seconds: 99999999999999999999 is out of range; must be between 0.001 and 315360000")]
    [InlineData("proxy_training:\n  time_limit_seconds: 1e-300\n",
        "experiments/foo.yaml:2:23: proxy_training.time_limit_seconds: 1e-300 is out of range; must be between 0.001 and 315360000")]
    [InlineData("budget:\n  wall_time: 99999999999999999999h\n",
        "experiments/foo.yaml:2:14: budget.wall_time: '99999999999999999999h' is out of range; must be longer than 0s and at most 87600h")]
    [InlineData("budget:\n  wall_time: 2562047788015h\n",
        "experiments/foo.yaml:2:14: budget.wall_time: '2562047788015h' is out of range; must be longer than 0s and at most 87600h")]
    [InlineData("dataset:\n  path: \"data\\u0000x\"\n",
        "experiments/foo.yaml:2:9: dataset.path: contains a NUL character (\\0 or \\u0000), which no file path may hold")]
    [InlineData("output_dir: \"runs\\0\"\n",
        "experiments/foo.yaml:1:13: output_dir: contains a NUL character (\\0 or \\u0000), which no file path may hold")]
    public void Out_of_range_values_say_what_is_allowed(string section, string expected)
    {
        Assert.Equal(expected, Fails(section + "reward: {target_ms: 75}\n").Message);
    }

    [Theory]
    [InlineData("reward:\n  target_ms: 75\n  constraint: soft\n  w: -0.1\n",
        "experiments/foo.yaml:4:6: reward.w: cannot be combined with constraint; use either constraint (soft/hard), w, or alpha and beta")]
    [InlineData("reward:\n  target_ms: 75\n  w: -0.1\n  beta: -0.2\n",
        "experiments/foo.yaml:4:9: reward.beta: cannot be combined with w; use either w or alpha and beta")]
    [InlineData("reward:\n  target_ms: 75\n  alpha: -0.1\n",
        "experiments/foo.yaml:3:10: reward.alpha: alpha needs beta as well")]
    [InlineData("reward:\n  target_ms: 75\n  w: 0.5\n",
        "experiments/foo.yaml:3:6: reward.w: 0.5 is out of range; must be between -10 and 0")]
    [InlineData("reward:\n  constraint: hard\n",
        "experiments/foo.yaml:2:3: reward.target_ms: required field is missing")]
    [InlineData("seed: 1\n",
        "experiments/foo.yaml:1:1: reward: required field is missing")]
    [InlineData("strategy:\n  type: random\n  rl:\n    layers: 2\nreward: {target_ms: 75}\n",
        "experiments/foo.yaml:4:5: strategy.rl: settings for 'rl' are given but strategy.type is 'random'; remove them or set strategy.type: rl")]
    [InlineData("strategy:\n  rl:\n    ppo_clip: 0.3\nreward: {target_ms: 75}\n",
        "experiments/foo.yaml:3:15: strategy.rl.ppo_clip: only used with optimizer: ppo, but optimizer is 'reinforce'")]
    [InlineData("strategy:\n  type: evolution\n  evolution:\n    population: 4\n    sample_size: 5\nreward: {target_ms: 75}\n",
        "experiments/foo.yaml:5:18: strategy.evolution.sample_size: sample_size (5) must be <= population (4)")]
    [InlineData("proxy_training:\n  epochs: 2\n  warmup_epochs: 3\nreward: {target_ms: 75}\n",
        "experiments/foo.yaml:3:18: proxy_training.warmup_epochs: warmup_epochs 3 is out of range for epochs 2; allowed values: 0 to 1 (fewer than epochs)")]
    [InlineData("proxy_training:\n  epochs: 1\n  warmup_epochs: 1\nreward: {target_ms: 75}\n",
        "experiments/foo.yaml:3:18: proxy_training.warmup_epochs: warmup_epochs 1 is out of range for epochs 1; allowed values: 0 to 0 (fewer than epochs)")]
    [InlineData("proxy_training:\n  momentum: 0\nreward: {target_ms: 75}\n",
        "experiments/foo.yaml:2:13: proxy_training.momentum: nesterov: true needs momentum > 0")]
    [InlineData("latency:\n  device: cpu-2threads\n  threads: 3\nreward: {target_ms: 75}\n",
        "experiments/foo.yaml:3:12: latency.threads: is fixed to 2 by device 'cpu-2threads'; use device: custom to choose the thread count")]
    [InlineData("latency:\n  device: custom\nreward: {target_ms: 75}\n",
        "experiments/foo.yaml:2:11: latency.device: device: custom needs threads (1 to 256)")]
    [InlineData("budget: {}\nreward: {target_ms: 75}\n",
        "experiments/foo.yaml:1:9: budget: give trials, wall_time, or both")]
    [InlineData("name: my experiment\nreward: {target_ms: 75}\n",
        "experiments/foo.yaml:1:7: name: 'my experiment' is not a valid experiment name; use 1-64 letters, digits, '.', '_' or '-' (it becomes a directory name)")]
    public void Cross_field_rules_are_enforced(string yaml, string expected)
    {
        Assert.Equal(expected, Fails(yaml).Message);
    }

    [Fact]
    public void Duplicate_keys_are_an_error_not_a_silent_override()
    {
        var e = Fails("reward:\n  target_ms: 75\n  target_ms: 80\n");
        Assert.StartsWith("experiments/foo.yaml:3:", e.Message);
        Assert.Contains("target_ms", e.Message);
    }

    [Fact]
    public void Broken_yaml_syntax_points_at_the_problem()
    {
        var unclosed = Fails("reward:\n  target_ms: [75\nseed: 1\n");
        Assert.Equal("experiments/foo.yaml:2:14: invalid YAML after this point; is a '[', '{' or quote left unclosed?", unclosed.Message);
        Assert.Null(unclosed.FieldPath);

        var badIndent = Fails("reward:\n  target_ms: 75\n bad: 1\n");
        Assert.Equal("experiments/foo.yaml:3:2: invalid YAML: While parsing a block mapping, did not find expected key.", badIndent.Message);
    }

    [Fact]
    public void Empty_file_and_multiple_documents_are_rejected()
    {
        Assert.Equal("experiments/foo.yaml: the file is empty; an experiment needs at least a reward section", Fails("").Message);
        Assert.Equal("experiments/foo.yaml:3:1: only one YAML document per experiment file is allowed",
            Fails("reward: {target_ms: 75}\n---\nseed: 1\n").Message);
    }

    [Fact]
    public void Explicit_null_means_default_and_null_tanh_constant_disables_squashing()
    {
        var c = Parse("dataset:\nproxy_training:\n  time_limit_seconds: ~\nstrategy:\n  rl:\n    tanh_constant: null\nreward: {target_ms: 75}\n");
        Assert.Equal(DatasetName.Cifar10, c.Dataset.Name);
        Assert.Null(c.ProxyTraining.TimeLimitSeconds);
        Assert.Null(c.Strategy.Rl!.Controller.TanhConstant);
        Assert.Equal(100, c.Strategy.Rl.Controller.HiddenSize);
    }

    [Fact]
    public void Missing_file_is_a_config_error_naming_the_file()
    {
        var e = Assert.Throws<ConfigException>(() => ExperimentConfigLoader.LoadFile("experiments/does-not-exist.yaml"));
        Assert.Equal("experiments/does-not-exist.yaml: file not found", e.Message);
    }
}
