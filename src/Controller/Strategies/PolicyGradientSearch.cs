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
/// State directory: <c>strategy.json</c> (ids, baseline, sampling stream state, pending candidates,
/// the partial batch), <c>policy.dat</c> (LSTM weights, TorchSharp module format) and
/// <c>optimizer.dat</c> (Adam moments and step counts, TorchSharp optimizer format).
/// </summary>
public sealed class PolicyGradientSearch : ISearchStrategy
{
    private const string PolicyFile = "policy.dat";
    private const string OptimizerFile = "optimizer.dat";

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

    public void SaveState(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, PolicyFile), _controller.SaveWeights());
        File.WriteAllBytes(Path.Combine(directory, OptimizerFile), _trainer.SaveOptimizer());
        // strategy.json last: its presence marks a complete save.
        StrategyStateFile.Write(directory, Name, new Saved(_nextId, _baseline.Value,
            _controller.GetRandomState(), Updates, _trainer.Steps,
            _pending.InOrder().Select(p => new SavedPending(p.Id, p.Item.Decisions, p.Item.LogProbability)).ToList(),
            _batch.ToList()));
    }

    public void LoadState(string directory)
    {
        var s = StrategyStateFile.Read<Saved>(directory, Name);
        _controller.LoadWeights(File.ReadAllBytes(Path.Combine(directory, PolicyFile)));
        _trainer.LoadOptimizer(File.ReadAllBytes(Path.Combine(directory, OptimizerFile)), s.OptimizerSteps);
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
