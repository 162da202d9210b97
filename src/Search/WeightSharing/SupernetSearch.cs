using System.Text.Json;
using NasLab.Controller.Strategies;
using NasLab.Evaluator.Training;
using NasLab.Evaluator.WeightSharing;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.SearchSpace.Architecture;
using TorchSharp;

namespace NasLab.Search.WeightSharing;

/// <summary>One architecture scored on the supernet: its decisions, supernet accuracy, latency and reward.</summary>
public sealed record SupernetCandidate(int[] Decisions, double Accuracy, double LatencyMs, double Reward, int Round);

/// <summary>How a weight-sharing search spends its time.</summary>
/// <param name="TrainStepsPerRound">Supernet steps per round, each on uniformly sampled architectures (SPOS).</param>
/// <param name="CandidatesPerRound">Architectures the strategy proposes and learns from per round.</param>
/// <param name="Paths">Architectures whose gradients one step sums (1: single path).</param>
/// <param name="RecalibrationBatches">Training batches that recalibrate an architecture's batch norm before it is scored.</param>
/// <param name="ValidationImages">Validation images each architecture is scored on (the same for all).</param>
public sealed record SupernetSearchOptions(
    int TrainStepsPerRound = 100,
    int CandidatesPerRound = 20,
    double LearningRate = 0.05,
    int RecalibrationBatches = 4,
    int ValidationImages = 500,
    int Seed = 0,
    int Paths = 1,
    double WeightDecay = 4e-5)
{
    public static SupernetSearchOptions From(WeightSharingConfig c, double weightDecay, int seed) =>
        new(c.TrainSteps, c.Candidates, c.Lr, c.RecalibrationBatches, c.ValidationImages, seed, c.Paths, weightDecay);
}

/// <summary>
/// A weight-sharing search (ENAS, SPOS, TuNAS): rounds alternate between training the supernet's shared weights on
/// the training split, uniformly sampled architectures per batch, and the strategy, which proposes candidates,
/// gets each one's reward from the supernet (its accuracy on validation images after batch-norm recalibration,
/// times the experiment's latency term for the full network) and learns from it. The strategy is any
/// <see cref="ISearchStrategy"/>: the LSTM controller with REINFORCE, or random search as the baseline on the same
/// supernet. Architectures are trained and scored at the experiment's proxy width, as stand-alone trials are.
/// <para>
/// Everything random is drawn from the seed and the step number (<see cref="StepSeeds"/>), so <see cref="SaveState"/>
/// and <see cref="LoadState"/> at any point between steps continue exactly as an uninterrupted search.
/// </para>
/// </summary>
public sealed class SupernetSearch(
    ExperimentSpace space,
    ProxyTrainingOptions proxy,
    SupernetData data,
    Func<NetworkArchitecture, double> latencyMs,
    RewardConfig reward,
    SupernetSearchOptions options,
    bool ownsData = false) : IDisposable
{
    private readonly List<SupernetCandidate> _scored = [];
    private readonly List<double> _losses = [];

    public Supernet Supernet { get; } = new();

    public SupernetSearchOptions Options => options;

    /// <summary>Supernet training steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Every candidate scored so far, in order.</summary>
    public IReadOnlyList<SupernetCandidate> Scored => _scored;

    /// <summary>The supernet's training loss, one value per step.</summary>
    public IReadOnlyList<double> Losses => _losses;

    /// <summary>The network trained and scored for a decision vector: the space's child at the proxy width.</summary>
    public NetworkArchitecture Proxy(int[] decisions) => ProxyArchitecture.Apply(space.Child(decisions), proxy);

    /// <summary>A uniformly sampled architecture, drawn from <paramref name="random"/>.</summary>
    public int[] UniformDecisions(Random random) => space.Space.Schema.Decisions.Select(d => random.Next(d.Count)).ToArray();

    /// <summary>Trains the shared weights for <paramref name="steps"/> batches, uniformly sampled architectures each.</summary>
    public void TrainSupernet(int steps)
    {
        for (var s = 0; s < steps; s++)
        {
            var step = Steps;
            var sampler = new Random(StepSeeds.Of(options.Seed, step, 3));
            var nets = Enumerable.Range(0, options.Paths).Select(_ => Proxy(UniformDecisions(sampler))).ToList();
            torch.manual_seed(StepSeeds.Of(options.Seed, step, 4)); // dropout
            var (images, labels) = data.TrainingBatch(step);
            using (images)
            using (labels)
                _losses.Add(Supernet.TrainStep(nets, images, labels, options.LearningRate, weightDecay: options.WeightDecay));
            Steps = step + 1;
        }
    }

    /// <summary>The supernet's accuracy for one architecture (on the validation images, after recalibration).</summary>
    public double Accuracy(int[] decisions) =>
        SupernetScorer.Accuracy(Supernet, Proxy(decisions), data.RecalibrationBatches(options.RecalibrationBatches),
            data.ValidationBatches(250, options.ValidationImages));

    /// <summary>Scores one architecture on the supernet and remembers it.</summary>
    public SupernetCandidate Score(int[] decisions, int round)
    {
        var accuracy = Accuracy(decisions);
        var latency = latencyMs(space.Child(decisions));
        var candidate = new SupernetCandidate(decisions, accuracy, latency, reward.Compute(accuracy, latency), round);
        _scored.Add(candidate);
        return candidate;
    }

    /// <summary>The strategy proposes <paramref name="count"/> candidates, each is scored on the supernet, and the strategy is told.</summary>
    public IReadOnlyList<SupernetCandidate> StrategyRound(ISearchStrategy strategy, int count, int round)
    {
        var asked = strategy.Ask(count);
        var scored = asked.Select(c => Score(c.Decisions, round)).ToList();
        strategy.Tell(asked.Zip(scored, (c, s) => new TrialResult(c.Id, s.Reward)).ToList());
        return scored;
    }

    /// <summary>
    /// The <paramref name="k"/> best distinct architectures by supernet reward, for stand-alone re-ranking; an
    /// architecture scored in several rounds counts with its latest score (the supernet trained longest).
    /// </summary>
    public IReadOnlyList<SupernetCandidate> Best(int k) =>
        _scored.GroupBy(c => string.Join(",", c.Decisions)).Select(g => g.OrderByDescending(c => c.Round).First())
            .OrderByDescending(c => c.Reward).Take(k).ToList();

    private sealed record Saved(long Steps, List<double> Losses, List<SupernetCandidate> Scored);

    /// <summary>The search's state: JSON (steps, losses, scored candidates) and the weight bank's bytes.</summary>
    public (string Json, byte[] Bank) SaveState() =>
        (JsonSerializer.Serialize(new Saved(Steps, [.. _losses], [.. _scored])), WeightBankCodec.ToBytes(Supernet.Bank));

    public void LoadState(string json, byte[] bank)
    {
        var saved = JsonSerializer.Deserialize<Saved>(json) ?? throw new InvalidDataException("empty supernet search state");
        WeightBankCodec.Restore(Supernet.Bank, bank);
        Steps = saved.Steps;
        _losses.Clear();
        _losses.AddRange(saved.Losses);
        _scored.Clear();
        _scored.AddRange(saved.Scored);
    }

    public void Dispose()
    {
        Supernet.Dispose();
        if (ownsData) data.Dispose();
    }
}
