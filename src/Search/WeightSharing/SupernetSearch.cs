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

/// <summary>
/// A weight-sharing search (ENAS, SPOS, TuNAS): rounds alternate between training the supernet's shared weights on
/// the training split, uniformly sampled architectures per batch, and the strategy, which proposes candidates,
/// gets each one's reward from the supernet (its accuracy on validation images after batch-norm recalibration,
/// times the experiment's latency term for the full network) and learns from it. The strategy is any
/// <see cref="ISearchStrategy"/>: the LSTM controller with REINFORCE, or random search as the baseline on the same
/// supernet. Architectures are trained and scored at the experiment's proxy width, as stand-alone trials are. Of
/// <paramref name="settings"/> it uses the supernet's own (lr, paths, grad clip, recalibration batches, validation
/// images); the phases' budgets are <see cref="WeightSharingStrategy"/>'s.
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
    WeightSharingConfig settings,
    double weightDecay,
    int seed,
    bool ownsData = false) : IDisposable
{
    private readonly List<SupernetCandidate> _scored = [];
    private readonly List<double> _losses = [];

    public Supernet Supernet { get; } = new();

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
            var sampler = new Random(StepSeeds.Of(seed, step, 3));
            var nets = Enumerable.Range(0, settings.Paths).Select(_ => Proxy(UniformDecisions(sampler))).ToList();
            torch.manual_seed(StepSeeds.Of(seed, step, 4)); // dropout
            var (images, labels) = data.TrainingBatch(step);
            using (images)
            using (labels)
                _losses.Add(Supernet.TrainStep(nets, images, labels, settings.Lr, weightDecay: weightDecay, gradClip: settings.GradClip));
            Steps = step + 1;
        }
    }

    /// <summary>The supernet's accuracy for one architecture (on the validation images, after recalibration).</summary>
    public double Accuracy(int[] decisions) =>
        SupernetScorer.Accuracy(Supernet, Proxy(decisions), data.RecalibrationBatches(settings.RecalibrationBatches),
            data.ValidationBatches(250, settings.ValidationImages));

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

    /// <summary>The JSON part of <see cref="SaveState"/>.</summary>
    internal sealed record Saved(long Steps, List<double> Losses, List<SupernetCandidate> Scored)
    {
        public static Saved Read(string json) => JsonSerializer.Deserialize<Saved>(json) ?? throw new InvalidDataException("empty supernet search state");
    }

    /// <summary>The search's state: JSON (steps, losses, scored candidates) and, unless left out, the weight bank's bytes.</summary>
    public (string Json, byte[]? Bank) SaveState(bool withBank = true) =>
        (JsonSerializer.Serialize(new Saved(Steps, [.. _losses], [.. _scored])), withBank ? WeightBankCodec.ToBytes(Supernet.Bank) : null);

    /// <summary>Restores a saved state; without <paramref name="bank"/> the supernet's weights stay as they are (a finished phase needs none).</summary>
    public void LoadState(string json, byte[]? bank)
    {
        var saved = Saved.Read(json);
        if (bank is not null) WeightBankCodec.Restore(Supernet.Bank, bank);
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
