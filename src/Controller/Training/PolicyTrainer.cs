using NasLab.Controller.Policy;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.Controller.Training;

/// <summary>
/// Applies an <see cref="IPolicyObjective"/> to an <see cref="LstmController"/> with Adam and optional
/// gradient-norm clipping. Each step re-evaluates the batch teacher-forced (one batched LSTM pass), so
/// no autograd graph has to survive between sampling and the reward arriving.
/// </summary>
public sealed class PolicyTrainer : IDisposable
{
    private readonly LstmController _controller;
    private readonly IPolicyObjective _objective;
    private readonly double? _maxGradNorm;
    private readonly Adam _adam;

    public PolicyTrainer(LstmController controller, IPolicyObjective objective, double learningRate, double? maxGradNorm)
    {
        _controller = controller;
        _objective = objective;
        _maxGradNorm = maxGradNorm;
        _adam = optim.Adam(controller.Weights, learningRate);
    }

    public static IPolicyObjective ObjectiveFor(PolicyGradientOptions o) => o.Algorithm switch
    {
        PolicyGradientAlgorithm.Reinforce => new ReinforceObjective(o.EntropyWeight),
        PolicyGradientAlgorithm.Ppo => new PpoObjective(o.PpoClip, o.PpoEpochs, o.EntropyWeight),
        _ => throw new ArgumentOutOfRangeException(nameof(o), o.Algorithm, "Unknown policy-gradient algorithm."),
    };

    public IPolicyObjective Objective => _objective;

    /// <summary>Number of optimizer steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Runs the objective's steps on <paramref name="batch"/>; returns the loss of the first step.</summary>
    public double Update(IReadOnlyList<Experience> batch)
    {
        if (batch.Count == 0) throw new ArgumentException("Cannot update on an empty batch.", nameof(batch));
        var decisions = batch.Select(e => e.Decisions).ToList();
        double firstLoss = double.NaN;
        for (int s = 0; s < _objective.StepsPerBatch; s++)
        {
            using var scope = NewDisposeScope();
            _adam.zero_grad();
            var loss = _objective.Loss(_controller.Evaluate(decisions), batch);
            loss.backward();
            if (_maxGradNorm is { } g) nn.utils.clip_grad_norm_(_controller.Weights, g);
            _adam.step();
            Steps++;
            if (s == 0) firstLoss = loss.item<float>();
        }
        return firstLoss;
    }

    /// <summary>Adam's per-parameter moments and step counts, in TorchSharp's optimizer format.</summary>
    public byte[] SaveOptimizer()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) _adam.save_state_dict(writer);
        return buffer.ToArray();
    }

    public void LoadOptimizer(byte[] state, long steps)
    {
        using var reader = new BinaryReader(new MemoryStream(state, writable: false));
        _adam.load_state_dict(reader);
        Steps = steps;
    }

    public void Dispose() => _adam.Dispose();
}
