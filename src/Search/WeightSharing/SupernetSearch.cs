using NasLab.Controller.Strategies;
using NasLab.Evaluator.Training;
using NasLab.Evaluator.WeightSharing;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.SearchSpace.Architecture;

namespace NasLab.Search.WeightSharing;

/// <summary>One architecture scored on the supernet: its decisions, supernet accuracy, latency and reward.</summary>
public sealed record SupernetCandidate(int[] Decisions, double Accuracy, double LatencyMs, double Reward, int Round);

/// <summary>How a weight-sharing search spends its time.</summary>
/// <param name="TrainStepsPerRound">Supernet steps per round, each on one uniformly sampled architecture (SPOS).</param>
/// <param name="CandidatesPerRound">Architectures the strategy proposes and learns from per round.</param>
/// <param name="RecalibrationBatches">Training batches that recalibrate an architecture's batch norm before it is scored.</param>
/// <param name="ValidationImages">Validation images each architecture is scored on (the same for all).</param>
public sealed record SupernetSearchOptions(
    int TrainStepsPerRound = 100,
    int CandidatesPerRound = 20,
    double LearningRate = 0.05,
    int RecalibrationBatches = 4,
    int ValidationImages = 500,
    int Seed = 0);

/// <summary>
/// A weight-sharing search (ENAS, SPOS, TuNAS): rounds alternate between training the supernet's shared weights on
/// the training split, one uniformly sampled architecture per batch, and the strategy, which proposes candidates,
/// gets each one's reward from the supernet (its accuracy on validation images after batch-norm recalibration,
/// times the experiment's latency term for the full network) and learns from it. The strategy is any
/// <see cref="ISearchStrategy"/>: the LSTM controller with REINFORCE, or random search as the baseline on the same
/// supernet. Architectures are trained and scored at the experiment's proxy width, as stand-alone trials are.
/// </summary>
public sealed class SupernetSearch(
    ExperimentSpace space,
    ProxyTrainingOptions proxy,
    SupernetData data,
    Func<NetworkArchitecture, double> latencyMs,
    RewardConfig reward,
    SupernetSearchOptions options) : IDisposable
{
    private readonly Random _sampler = new(options.Seed);
    private readonly List<SupernetCandidate> _scored = [];
    private readonly List<double> _losses = [];

    public Supernet Supernet { get; } = new();

    /// <summary>Every candidate scored so far, in order.</summary>
    public IReadOnlyList<SupernetCandidate> Scored => _scored;

    /// <summary>The supernet's training loss, one value per step.</summary>
    public IReadOnlyList<double> Losses => _losses;

    /// <summary>The network trained and scored for a decision vector: the space's child at the proxy width.</summary>
    public BlockNetwork Proxy(int[] decisions) => (BlockNetwork)ProxyArchitecture.Apply(space.Child(decisions), proxy);

    public int[] UniformDecisions() => space.Space.Schema.Decisions.Select(d => _sampler.Next(d.Count)).ToArray();

    /// <summary>Trains the shared weights for <paramref name="steps"/> batches, a uniformly sampled architecture each.</summary>
    public void TrainSupernet(int steps)
    {
        for (var s = 0; s < steps; s++)
        {
            var (images, labels) = data.NextTrainingBatch();
            using (images)
            using (labels)
                _losses.Add(Supernet.TrainStep(Proxy(UniformDecisions()), images, labels, options.LearningRate));
        }
    }

    /// <summary>Scores one architecture on the supernet (accuracy on the validation images after recalibration).</summary>
    public SupernetCandidate Score(int[] decisions, int round)
    {
        var accuracy = SupernetScorer.Accuracy(Supernet, Proxy(decisions), data.RecalibrationBatches(options.RecalibrationBatches),
            data.ValidationBatches(250, options.ValidationImages));
        var latency = latencyMs(space.Child(decisions));
        var value = reward.Compute(accuracy, latency);
        var candidate = new SupernetCandidate(decisions, accuracy, latency, value, round);
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

    /// <summary>Alternates <paramref name="rounds"/> times: supernet training, then a strategy round.</summary>
    public void Run(ISearchStrategy strategy, int rounds, Action<int>? afterRound = null)
    {
        for (var r = 0; r < rounds; r++)
        {
            TrainSupernet(options.TrainStepsPerRound);
            StrategyRound(strategy, options.CandidatesPerRound, r);
            afterRound?.Invoke(r);
        }
    }

    /// <summary>The <paramref name="k"/> best distinct architectures by supernet reward, for stand-alone re-ranking.</summary>
    public IReadOnlyList<SupernetCandidate> Best(int k) =>
        _scored.GroupBy(c => string.Join(",", c.Decisions)).Select(g => g.OrderByDescending(c => c.Round).First())
            .OrderByDescending(c => c.Reward).Take(k).ToList();

    public void Dispose() => Supernet.Dispose();
}
