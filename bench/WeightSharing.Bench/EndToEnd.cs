using System.Diagnostics;
using NasLab.Evaluator.Training;
using NasLab.LatencyOracle.Oracle;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.Loop;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Json;
using NasLab.SearchSpace.Scaling;
using NasLab.SearchSpace.Zoo;

namespace NasLab.Bench.WeightSharing;

/// <summary>(d) A weight-sharing search end to end, and its chosen network against MobileNetV2 at the latency target.</summary>
internal static class EndToEnd
{
    public static void Run(string experimentFile, int seeds)
    {
        var work = Directory.CreateTempSubdirectory("naslab-ws-e2e-").FullName;
        var yaml = Path.Combine(work, Path.GetFileName(experimentFile));
        File.WriteAllText(yaml, File.ReadAllText(experimentFile) + $"\noutput_dir: {work}/runs\n");
        var config = ExperimentConfigLoader.LoadFile(yaml);
        var cache = Path.Combine(Path.GetTempPath(), "naslab-weight-sharing-bench-latency");

        var clock = Stopwatch.StartNew();
        var outcome = SearchSession.Start(yaml, false, new ConsoleObserver(clock), CancellationToken.None, latencyCacheDirectory: cache);
        var searchMinutes = clock.Elapsed.TotalMinutes;
        Console.WriteLine($"search: {outcome.End} after {outcome.TrialsRun} re-ranked trials, {searchMinutes:F1} min wall time (goal <= 30 min)");

        TrialRecord best;
        using (var store = LiteDbTrialStore.OpenReadOnly(config.DatabasePath))
        {
            foreach (var t in store.ListTrials(TrialQuery.All))
                Console.WriteLine($"  trial {t.Id}: supernet {t.SupernetAccuracy:P1}, stand-alone {t.Accuracy:P1}, {t.LatencyMs:F2} ms, reward {t.Reward:F4}");
            best = store.ListTrials(new TrialQuery(TrialStatus.Completed, "reward", Descending: true, Top: 1)).Single();
        }

        var inputs = ExperimentCheck.Run(config, yaml);
        var latency = ExperimentLatency.Create(config.Latency, cache);
        double Latency(NetworkArchitecture net) => latency.Oracle.Query(net, OracleMode.Lut).LatencyMs;
        var chosen = inputs.Space.Child(best.Decisions);
        var target = config.Reward.TargetMs;
        // The widest MobileNetV2 (steps of 0.05) at or under the target, adapted to the experiment's input as the space's children are.
        var (width, baseline) = Enumerable.Range(5, 36).Select(i => i * 0.05)
            .Select(w => (Width: w, Net: SmallInputAdaptation.Fit(NetworkScaling.Width(MobileNets.V2(), w), config.Dataset.Resolution, chosen.NumClasses)))
            .Where(p => Latency(p.Net) <= target).DefaultIfEmpty((0.25, SmallInputAdaptation.Fit(NetworkScaling.Width(MobileNets.V2(), 0.25), config.Dataset.Resolution, chosen.NumClasses)))
            .Last();
        Console.WriteLine($"chosen: trial {best.Id}, {Latency(chosen):F2} ms; baseline: MobileNetV2 x{width:F2}, {Latency(baseline):F2} ms (target {target} ms)");

        foreach (var (name, net) in new[] { ("chosen", chosen), ($"mobilenet-v2 x{width:F2}", baseline) })
        {
            var accuracies = new List<double>();
            for (var seed = 1; seed <= seeds; seed++)
            {
                var options = inputs.Trainer.Options with { Recipe = inputs.Trainer.Options.Recipe with { Seed = (ulong)seed } };
                var result = new ProxyTrainer(inputs.TrainFiles, options).Train(net);
                accuracies.Add(result.ValidationAccuracy ?? double.NaN);
                Console.WriteLine($"  {name} seed {seed}: {result.ValidationAccuracy:P2} ({result.Status})");
            }
            var mean = accuracies.Average();
            var spread = Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / Math.Max(1, accuracies.Count - 1));
            Console.WriteLine($"(d) {name}: validation accuracy {mean:P2} +- {spread:P2} over {seeds} seeds, latency {Latency(net):F2} ms");
        }
        Console.WriteLine($"total wall time {clock.Elapsed.TotalMinutes:F1} min");
    }

    private sealed class ConsoleObserver(Stopwatch clock) : ISearchObserver
    {
        public void Started(SearchPlan plan) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {plan.Experiment}: {plan.Strategy}, {plan.Space}, {plan.Data}");
        public void TrialStarted(int trialId, string summary) { }
        public void TrialFinished(TrialRecord trial, TrialRecord? best) =>
            Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] trial {trial.Id}: {trial.Accuracy:P1}, {trial.LatencyMs:F2} ms (supernet {trial.SupernetAccuracy:P1})");
        public void Message(string text) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {text}");
    }
}
