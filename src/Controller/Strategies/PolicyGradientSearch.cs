using NasLab.Controller.Policy;
using NasLab.Controller.State;
using NasLab.Controller.Training;
using NasLab.SearchSpace.Schema;

namespace NasLab.Controller.Strategies;

/// <summary>
/// The RL strategy: an <see cref="LstmController"/> samples candidates; every M rewarded results it takes
/// a REINFORCE or PPO update (<see cref="PolicyGradientOptions.Algorithm"/>). Each told reward gets its
/// advantage from the moving-average baseline as it arrives, in Tell order.
/// <para>
/// Failed trials: with <see cref="PolicyGradientOptions.FailureReward"/> null (default) they are dropped;
/// otherwise they count with that reward. Candidates asked before an update and told after it are
/// trained on with the log-probability they were sampled with (exact for PPO's ratio, slightly
/// off-policy for REINFORCE, as in any asynchronous NAS).
/// </para>
/// State: JSON (ids, baseline, sampling stream words, pending candidates, the partial batch) and two
/// blobs, <c>policy</c> (LSTM weights, TorchSharp module format) and <c>optimizer</c> (Adam moments and
/// step counts, TorchSharp optimizer format).
/// </summary>
public sealed class PolicyGradientSearch : ISearchStrategy
{
    public const string PolicyBlob = "policy";
    public const string OptimizerBlob = "optimizer";

    private readonly PolicyGradientOptions _options;
    private readonly LstmController _controller;
    private readonly PolicyTrainer _trainer;
    private readonly MovingAverageBaseline _baseline;
    private readonly PendingCandidates<PendingSample> _pending = new();
    private readonly List<Experience> _batch = [];
    private long _nextId;

    private sealed record PendingSample(int[] Decisions, double LogProbability);

    public PolicyGradientSearch(DecisionSchema schema, ulong seed, ControllerOptions? controller = null, PolicyGradientOptions? training = null)
    {
        _options = training ?? new PolicyGradientOptions();
        _options.Validate();
        _controller = new LstmController(schema, controller ?? new ControllerOptions(), seed);
        _trainer = new PolicyTrainer(_controller, PolicyTrainer.ObjectiveFor(_options), _options.LearningRate, _options.MaxGradNorm);
        _baseline = new MovingAverageBaseline(_options.BaselineDecay);
    }

    public string Name => _options.Algorithm == PolicyGradientAlgorithm.Ppo ? "ppo" : "reinforce";
    public int PendingCount => _pending.Count;

    public LstmController Controller => _controller;
    public PolicyGradientOptions Options => _options;

    /// <summary>Current baseline; null before the first counted reward.</summary>
    public double? Baseline => _baseline.Value;

    /// <summary>Policy updates done (batches of M consumed).</summary>
    public long Updates { get; private set; }

    /// <summary>Rewarded samples collected toward the next update.</summary>
    public IReadOnlyList<Experience> PartialBatch => _batch;

    public IReadOnlyList<Candidate> Ask(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var result = new List<Candidate>(count);
        foreach (var s in _controller.Sample(count))
        {
            var c = new Candidate(_nextId++, s.Decisions);
            _pending.Add(c.Id, new PendingSample(s.Decisions, s.LogProbability));
            result.Add(c);
        }
        return result;
    }

    public void Tell(IReadOnlyList<TrialResult> results)
    {
        _pending.CheckAllPending(results);
        foreach (var r in results)
        {
            var p = _pending.Take(r.CandidateId);
            if ((r.Reward ?? _options.FailureReward) is not { } reward) continue;
            _batch.Add(new Experience(p.Decisions, p.LogProbability, reward, _baseline.Observe(reward)));
            if (_batch.Count < _options.BatchSize) continue;
            _trainer.Update(_batch);
            _batch.Clear();
            Updates++;
        }
    }

    private sealed record SavedPending(long Id, int[] Decisions, double LogProbability);

    private sealed record Saved(long NextId, double? Baseline, ulong[] Rng, long Updates, long OptimizerSteps,
        List<SavedPending> Pending, List<Experience> Batch);

    public StrategyState SaveState()
    {
        var json = StrategyStateJson.Write(Name, new Saved(_nextId, _baseline.Value,
            _controller.GetRandomState(), Updates, _trainer.Steps,
            _pending.InOrder().Select(p => new SavedPending(p.Id, p.Item.Decisions, p.Item.LogProbability)).ToList(),
            _batch.ToList()));
        return new StrategyState(json, new Dictionary<string, byte[]>
        {
            [PolicyBlob] = _controller.SaveWeights(),
            [OptimizerBlob] = _trainer.SaveOptimizer(),
        });
    }

    public void LoadState(StrategyState state)
    {
        var s = StrategyStateJson.Read<Saved>(state.Json, Name);
        _controller.LoadWeights(state.Blob(PolicyBlob));
        _trainer.LoadOptimizer(state.Blob(OptimizerBlob), s.OptimizerSteps);
        _controller.SetRandomState(s.Rng);
        _nextId = s.NextId;
        _baseline.Restore(s.Baseline);
        Updates = s.Updates;
        _pending.Clear();
        foreach (var p in s.Pending)
        {
            _controller.Schema.Validate(p.Decisions);
            _pending.Add(p.Id, new PendingSample(p.Decisions, p.LogProbability));
        }
        _batch.Clear();
        _batch.AddRange(s.Batch);
    }

    public void Dispose()
    {
        _trainer.Dispose();
        _controller.Dispose();
    }
}
