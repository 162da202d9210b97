using System.Text.Json;
using NasLab.Controller.Policy;
using NasLab.Controller.State;
using NasLab.Controller.Strategies;
using NasLab.Controller.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.Controller.Tests.Support;

/// <summary>
/// The resumption scenario shared by the test (parent) and the fresh child process: a lagged ask / tell
/// loop (ask one, tell the one asked <see cref="Lag"/> steps earlier, every 11th trial fails) so that
/// saved state always has outstanding candidates and a partial RL batch.
/// </summary>
public static class ResumeProbe
{
    public const int Lag = 2;
    private const string DriverFile = "driver.json";

    public static ISearchStrategy Create(string kind, ulong seed)
    {
        var schema = Schemas.MnasNetShaped();
        var controller = new ControllerOptions { HiddenSize = 32 };
        return kind switch
        {
            "reinforce" => new PolicyGradientSearch(schema, seed, controller, new PolicyGradientOptions { BatchSize = 8, LearningRate = 5e-3 }),
            "ppo" => new PolicyGradientSearch(schema, seed, controller,
                new PolicyGradientOptions { Algorithm = PolicyGradientAlgorithm.Ppo, BatchSize = 8, LearningRate = 5e-3, PpoEpochs = 3, FailureReward = 0 }),
            "random" => new RandomSearch(schema, seed),
            "evolution" => new RegularizedEvolution(schema, new EvolutionOptions { PopulationSize = 20, SampleSize = 5 }, seed),
            _ => throw new ArgumentException($"unknown strategy kind {kind}"),
        };
    }

    private static readonly PlantedReward Reward = new(Schemas.PlantedTarget(Schemas.MnasNetShaped()));

    /// <summary>Runs <paramref name="steps"/> lagged steps; returns the candidates asked, in order.</summary>
    public static List<Candidate> Steps(ISearchStrategy strategy, Queue<Candidate> outstanding, int steps)
    {
        var asked = new List<Candidate>();
        for (int s = 0; s < steps; s++)
        {
            var c = strategy.Ask(1)[0];
            asked.Add(c);
            outstanding.Enqueue(c);
            if (outstanding.Count <= Lag) continue;
            var done = outstanding.Dequeue();
            double? r = done.Id % 11 == 5 ? null : Reward.Of(done.Decisions);
            strategy.Tell([new TrialResult(done.Id, r)]);
        }
        return asked;
    }

    public static void SaveDriver(string directory, Queue<Candidate> outstanding) =>
        File.WriteAllText(Path.Combine(directory, DriverFile), JsonSerializer.Serialize(outstanding.ToList()));

    public static Queue<Candidate> LoadDriver(string directory) =>
        new(JsonSerializer.Deserialize<List<Candidate>>(File.ReadAllText(Path.Combine(directory, DriverFile)))!);

    public static string Format(Candidate c) => $"{c.Id}:{string.Join(",", c.Decisions)}";

    /// <summary>
    /// Continuous state the discrete samples could hide (a slightly different weight rarely flips a
    /// sample within 20 draws): for RL, the exact baseline and the exact log-probability of a fixed
    /// architecture under the current weights. Empty for the purely discrete strategies.
    /// </summary>
    public static string Fingerprint(ISearchStrategy strategy)
    {
        if (strategy is not PolicyGradientSearch pg) return "#state discrete";
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logp = pg.Controller.Evaluate([new int[pg.Controller.Schema.Length]]).LogProbability.item<float>();
        return $"#state updates={pg.Updates} baseline={pg.Baseline:R} logp0={logp:R}";
    }

    /// <summary>The saved strategy state in the directory handed to the child process.</summary>
    public const string StateFile = "strategy.state";

    /// <summary>Child side: args = kind, state directory, steps. Prints one formatted candidate per line.</summary>
    public static int Run(string[] args)
    {
        var (kind, directory, steps) = (args[0], args[1], int.Parse(args[2]));
        // A different construction seed: everything that matters must come from the saved state.
        using var strategy = Create(kind, seed: 999_999);
        strategy.LoadState(StrategyStateArchive.FromBytes(File.ReadAllBytes(Path.Combine(directory, StateFile))));
        var outstanding = LoadDriver(directory);
        foreach (var c in Steps(strategy, outstanding, steps)) Console.WriteLine(Format(c));
        Console.WriteLine(Fingerprint(strategy));
        return 0;
    }
}
