// bench/weight-sharing/run.sh: weight sharing against stand-alone training, on the CIFAR-10 subset.
//   (a) ranking: Kendall tau between supernet accuracy and stand-alone accuracy for architectures spread over the
//       latency range;
//   (b) cost: milliseconds per architecture scored on the supernet against seconds per stand-alone training;
//   (c) RL against random: best reward found by the LSTM controller (REINFORCE) and by random search on the same
//       trained supernet, at equal budget, over several seeds.
// --restricted: MBConv in every block with the filters and layer counts fixed, so only kernels, expansions, SE and
// skip ops are searched (a full-space supernet does not learn at this budget: see bench/weight-sharing/README.md).
// Sizes: --archs N (20), --supernet-epochs N (20), --standalone-epochs N (6), --budget N (100), --seeds N (3).
using System.Diagnostics;
using NasLab.Controller.Strategies;
using NasLab.Controller.Training;
using NasLab.Evaluator.Training;
using NasLab.Evaluator.WeightSharing;
using NasLab.LatencyOracle.Oracle;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.WeightSharing;
using NasLab.SearchSpace.Architecture;
using NasLab.Bench.WeightSharing;

// --e2e EXPERIMENT.yaml: (d) end to end. The weight-sharing search of the experiment file as `naslab search` runs it
// (supernet, controller and re-ranking), timed; then its best trial's network and a MobileNetV2 baseline whose width
// puts its latency at the target T are each trained with the experiment's recipe under --seeds training seeds.
if (Array.IndexOf(args, "--e2e") is var e2eAt and >= 0)
{
    EndToEnd.Run(args[e2eAt + 1], Math.Max(1, Array.IndexOf(args, "--seeds") is var si and >= 0 ? int.Parse(args[si + 1]) : 3));
    return;
}

int Arg(string name, int fallback) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback; }
var archs = Arg("--archs", 20);
var supernetEpochs = Arg("--supernet-epochs", 20);
var standaloneEpochs = Arg("--standalone-epochs", 6);
var budget = Arg("--budget", 100);
var seeds = Arg("--seeds", 3);
var learningRate = Arg("--lr-milli", 50) / 1000.0;
var total = Stopwatch.StartNew();

// The quickstart's space, data and proxy width, with the whole training split and a longer stand-alone recipe.
var yaml = $"""
    name: weight-sharing-bench
    seed: 1
    search_space:
      kind: mnasnet
    {(args.Contains("--restricted") ? RestrictedSpace : args.Contains("--mbconv") ? MbconvSpace : "")}
    dataset:
      name: cifar10
      path: auto
      validation_size: 1000
      resolution: 32
    proxy_training:
      epochs: {standaloneEpochs}
      batch_size: 64
      lr: 0.05
      width_multiplier: 0.35
    reward:
      target_ms: 5
      constraint: soft
    latency:
      device: cpu-1thread
      mode: lut
      runs: 5
    """;
var config = ExperimentConfigLoader.Parse(yaml, "weight-sharing-bench.yaml");
var inputs = ExperimentCheck.Run(config, "weight-sharing-bench.yaml");
var trainer = inputs.Trainer;
Console.WriteLine($"data: {inputs.Data.Description}; {trainer.Split.TrainIndices.Length} training / {trainer.Split.ValidationIndices.Length} validation images");
var latency = ExperimentLatency.Create(config.Latency, Path.Combine(Path.GetTempPath(), "naslab-weight-sharing-bench-latency"));
latency.EnsureCalibrated(i => inputs.Space.Child(inputs.Space.Space.Schema.Decisions.Select((d, j) => (i * 7 + j * 3) % d.Count).ToArray()));
double Latency(NetworkArchitecture net) => latency.Oracle.Query(net, OracleMode.Lut).LatencyMs;

using var data = new SupernetData(inputs.TrainFiles, trainer.Split, trainer.Normalization, 32, 64, seed: 1);
var stepsPerEpoch = data.StepsPerEpoch;
using var search = new SupernetSearch(inputs.Space, trainer.Options, data, Latency, config.Reward,
    new WeightSharingConfig(Lr: learningRate, Paths: Arg("--paths", 1)), weightDecay: 4e-5, seed: 1);
var poolRandom = new Random(1);

// --probe KINDS: the shared-weight step with one anchor architecture where only the decisions of the given kinds
// (comma-separated, e.g. kernel,expansion; "none" for a fixed architecture) are sampled anew each step: a check that
// the step learns like plain training, and how much each kind of sharing costs.
if (Array.IndexOf(args, "--probe") is var probeAt and >= 0)
{
    var kinds = args[probeAt + 1].Split(',');
    var schema = inputs.Space.Space.Schema;
    var anchor = search.UniformDecisions(poolRandom);
    var random = new Random(9);
    int[] Sample() => anchor.Select((c, i) => kinds.Contains(schema[i].Kind) || kinds.Contains(schema[i].Name) ? random.Next(schema[i].Count) : c).ToArray();
    long step = 0;
    for (var epoch = 0; epoch < supernetEpochs; epoch++)
    {
        var losses = new List<double>();
        for (var s = 0; s < stepsPerEpoch; s++)
        {
            var (x, y) = data.TrainingBatch(step++);
            losses.Add(search.Supernet.TrainStep(Enumerable.Range(0, Arg("--paths", 1)).Select(_ => search.Proxy(Sample())).ToList(), x, y, learningRate, momentum: Arg("--momentum-milli", 900) / 1000.0));
        }
        var accuracies = Enumerable.Range(0, 3).Select(_ => search.Score(Sample(), 0).Accuracy).ToList();
        Console.WriteLine($"probe ({string.Join(",", kinds)}) epoch {epoch + 1}: mean loss {losses.Average():F3}, supernet accuracy of 3 sampled {string.Join(", ", accuracies.Select(a => a.ToString("P1")))}");
    }
    return;
}

// Supernet: uniform single-path training.
var clock = Stopwatch.StartNew();
for (var epoch = 0; epoch < supernetEpochs; epoch++)
{
    search.TrainSupernet(stepsPerEpoch);
    var recent = search.Losses.Skip(search.Losses.Count - stepsPerEpoch).Average();
    Console.WriteLine($"supernet epoch {epoch + 1}/{supernetEpochs}: mean loss {recent:F3} ({clock.Elapsed.TotalSeconds:F0} s)");
}
var supernetSeconds = clock.Elapsed.TotalSeconds;
Console.WriteLine($"supernet: {supernetEpochs} epochs x {stepsPerEpoch} steps of {data.BatchSize} in {supernetSeconds:F0} s ({supernetSeconds * 1000 / (supernetEpochs * stepsPerEpoch):F0} ms a step)");

// (a) Architectures spread over the latency range: 10 x archs random ones, then one at each latency quantile.
var pool = Enumerable.Range(0, archs * 10).Select(_ => search.UniformDecisions(poolRandom)).Select(d => (Decisions: d, Latency: Latency(inputs.Space.Child(d)))).OrderBy(p => p.Latency).ToList();
var picked = Enumerable.Range(0, archs).Select(i => pool[(int)Math.Round(i * (pool.Count - 1) / (double)(archs - 1))]).ToList();
var rows = new List<(double Latency, double Supernet, double Alone, double ScoreMs, double TrainS)>();
foreach (var (decisions, lat) in picked)
{
    var scoreClock = Stopwatch.StartNew();
    var onSupernet = search.Score(decisions, 0).Accuracy;
    var scoreMs = scoreClock.Elapsed.TotalMilliseconds;
    var trainClock = Stopwatch.StartNew();
    var alone = trainer.Train(inputs.Space.Child(decisions));
    var trainS = trainClock.Elapsed.TotalSeconds;
    rows.Add((lat, onSupernet, alone.ValidationAccuracy ?? double.NaN, scoreMs, trainS));
    Console.WriteLine($"  latency {lat,6:F2} ms: supernet {onSupernet:P1}, stand-alone {alone.ValidationAccuracy:P1} ({alone.Status}, {trainS:F0} s; scored in {scoreMs:F0} ms)");
}
var valid = rows.Where(r => !double.IsNaN(r.Alone)).ToList();
var tau = KendallTau(valid.Select(r => r.Supernet).ToList(), valid.Select(r => r.Alone).ToList());
Console.WriteLine();
Console.WriteLine($"(a) ranking over {valid.Count} architectures ({valid.Min(r => r.Latency):F2} to {valid.Max(r => r.Latency):F2} ms): Kendall tau {tau:F3} (goal >= 0.5)");
Console.WriteLine($"    stand-alone accuracy {valid.Min(r => r.Alone):P1} to {valid.Max(r => r.Alone):P1}, supernet accuracy {valid.Min(r => r.Supernet):P1} to {valid.Max(r => r.Supernet):P1}");
Console.WriteLine($"(b) cost: {Median(rows.Select(r => r.ScoreMs)):F0} ms per architecture on the supernet (median; recalibration on 4 batches + 500 validation images) " +
                  $"against {Median(rows.Select(r => r.TrainS)):F1} s stand-alone ({standaloneEpochs} epochs on {trainer.Split.TrainIndices.Length} images), " +
                  $"plus {supernetSeconds:F0} s once for the supernet");

// (c) RL and random search on the same trained supernet, budget architectures each, several seeds.
var best = new Dictionary<string, List<double>> { ["rl"] = [], ["random"] = [] };
for (var seed = 1; seed <= seeds; seed++)
{
    foreach (var kind in new[] { "rl", "random" })
    {
        using ISearchStrategy strategy = kind == "rl"
            ? new PolicyGradientSearch(inputs.Space.Space.Schema, (ulong)seed, training: new PolicyGradientOptions { BatchSize = 10 })
            : new RandomSearch(inputs.Space.Space.Schema, (ulong)seed);
        var found = double.NegativeInfinity;
        for (var round = 0; round < budget / 10; round++)
            found = Math.Max(found, search.StrategyRound(strategy, 10, round).Max(c => c.Reward));
        best[kind].Add(found);
        Console.WriteLine($"  seed {seed} {kind}: best supernet reward {found:F4} in {budget} architectures");
    }
}
Console.WriteLine($"(c) best reward in {budget} architectures, {seeds} seeds: RL {Mean(best["rl"]):F4} +- {Std(best["rl"]):F4}, random {Mean(best["random"]):F4} +- {Std(best["random"]):F4}");
Console.WriteLine($"total wall time {total.Elapsed.TotalMinutes:F1} min");

static double KendallTau(IReadOnlyList<double> x, IReadOnlyList<double> y)
{
    // tau-b: concordant minus discordant pairs over the pairs not tied in each variable.
    long concordant = 0, discordant = 0, tiesX = 0, tiesY = 0;
    for (var i = 0; i < x.Count; i++)
        for (var j = i + 1; j < x.Count; j++)
        {
            var dx = Math.Sign(x[i] - x[j]);
            var dy = Math.Sign(y[i] - y[j]);
            if (dx == 0 && dy == 0) continue;
            if (dx == 0) { tiesX++; continue; }
            if (dy == 0) { tiesY++; continue; }
            if (dx == dy) concordant++; else discordant++;
        }
    var n0 = concordant + discordant;
    return (concordant - discordant) / Math.Sqrt((double)(n0 + tiesX) * (n0 + tiesY));
}

static double Median(IEnumerable<double> xs) { var s = xs.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
static double Mean(List<double> xs) => xs.Average();
static double Std(List<double> xs) { var m = xs.Average(); return Math.Sqrt(xs.Sum(v => (v - m) * (v - m)) / Math.Max(1, xs.Count - 1)); }

internal partial class Program
{
    private const string MbconvSpace = """
      overrides:
        choices:
          conv_ops: [mbconv]
    """;

    private const string RestrictedSpace = """
      overrides:
        choices:
          conv_ops: [mbconv]
          filter_multipliers: [1.0]
          repeat_offsets: [0]
    """;
}
