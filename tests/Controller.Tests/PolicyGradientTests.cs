using NasLab.Controller.Policy;
using NasLab.Controller.Strategies;
using NasLab.Controller.Training;
using NasLab.Controller.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.Controller.Tests;

public class PolicyGradientTests
{
    private static readonly ControllerOptions Small = new() { HiddenSize = 16 };

    /// <summary>Gradients of every parameter after backpropagating <paramref name="loss"/> from zeroed grads.</summary>
    private static List<float[]> Gradients(LstmController controller, Func<Tensor> loss)
    {
        using var scope = NewDisposeScope();
        controller.zero_grad();
        loss().backward();
        var grads = controller.Weights.Select(p => p.grad?.data<float>().ToArray() ?? new float[p.numel()]).ToList();
        controller.zero_grad();
        return grads;
    }

    private static void Set(Tensor parameter, long index, float value)
    {
        using var noGrad = no_grad();
        using var element = parameter.view(-1)[index];
        element.fill_(value);
    }

    private static void AssertSameGradients(List<float[]> expected, List<float[]> actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int p = 0; p < expected.Count; p++)
            for (int i = 0; i < expected[p].Length; i++)
                Assert.True(Math.Abs(expected[p][i] - actual[p][i]) <= tolerance * Math.Max(1, Math.Abs(expected[p][i])),
                    $"parameter {p} element {i}: expected {expected[p][i]}, got {actual[p][i]}");
    }

    [Fact]
    public void BaselineStartsAtTheFirstRewardAndAdvantagesUseThePreviousValue()
    {
        // decay 0.5, rewards 1, 3, 0: b = 1 -> advantage 0, b stays 1; advantage 3 - 1 = 2, b = 2;
        // advantage 0 - 2 = -2, b = 1.
        var b = new MovingAverageBaseline(0.5);
        Assert.Null(b.Value);
        Assert.Equal(0.0, b.Observe(1));
        Assert.Equal(1.0, b.Value);
        Assert.Equal(2.0, b.Observe(3));
        Assert.Equal(2.0, b.Value);
        Assert.Equal(-2.0, b.Observe(0));
        Assert.Equal(1.0, b.Value);
    }

    [Fact]
    public void ReinforceGradientIsMinusTheAdvantageTimesTheGradientOfTheSummedLogProbability()
    {
        using var controller = new LstmController(Schemas.MnasNetShaped(), Small, seed: 1);
        var sample = controller.Sample(1)[0];
        const double reward = 0.8, baseline = 0.55;
        var batch = new[] { new Experience(sample.Decisions, sample.LogProbability, reward, reward - baseline) };
        var objective = new ReinforceObjective(entropyWeight: 0);
        var viaObjective = Gradients(controller, () => objective.Loss(controller.Evaluate([sample.Decisions]), batch));
        var direct = Gradients(controller, () => controller.Evaluate([sample.Decisions]).LogProbability.sum() * -(reward - baseline));
        AssertSameGradients(direct, viaObjective);
        Assert.Contains(viaObjective, g => g.Any(v => Math.Abs(v) > 1e-4)); // not trivially zero
    }

    [Fact]
    public void ReinforceGradientMatchesFiniteDifferencesOfTheLoss()
    {
        using var controller = new LstmController(Schemas.Small(3, 2, 3), Small with { InitRange = 0.5 }, seed: 2);
        var sample = controller.Sample(1)[0];
        var batch = new[] { new Experience(sample.Decisions, sample.LogProbability, 1.0, 0.7) };
        var objective = new ReinforceObjective(entropyWeight: 0.3);
        double Loss()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return objective.Loss(controller.Evaluate([sample.Decisions]), batch).item<float>();
        }
        var grads = Gradients(controller, () => objective.Loss(controller.Evaluate([sample.Decisions]), batch));
        var parameters = controller.Weights;
        const float eps = 1e-2f;
        foreach (var (p, index) in new[] { (0, 3), (1, 17), (parameters.Count - 2, 4), (parameters.Count - 1, 1) })
        {
            var original = parameters[p].data<float>().ToArray()[index];
            Set(parameters[p], index, original + eps);
            var plus = Loss();
            Set(parameters[p], index, original - eps);
            var minus = Loss();
            Set(parameters[p], index, original);
            var numeric = (plus - minus) / (2 * eps);
            Assert.True(Math.Abs(numeric - grads[p][index]) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                $"parameter {p}[{index}]: autograd {grads[p][index]}, finite difference {numeric}");
        }
    }

    [Fact]
    public void EntropyBonusGradientIsMinusTheWeightTimesTheEntropyGradient()
    {
        using var controller = new LstmController(Schemas.MnasNetShaped(), Small, seed: 3);
        var d = controller.Sample(2).Select(s => s.Decisions).ToList();
        var batch = d.Select(x => new Experience(x, 0, 0, 0)).ToList(); // zero advantage: only the bonus remains
        var viaObjective = Gradients(controller, () => new ReinforceObjective(0.25).Loss(controller.Evaluate(d), batch));
        var direct = Gradients(controller, () => controller.Evaluate(d).Entropy.mean() * -0.25);
        AssertSameGradients(direct, viaObjective);
    }

    [Fact]
    public void PpoEqualsReinforceAtRatioOneAndIgnoresSamplesClippedInTheDirectionOfTheAdvantage()
    {
        using var controller = new LstmController(Schemas.MnasNetShaped(), Small, seed: 4);
        var s = controller.Sample(1)[0];
        var ppo = new PpoObjective(clip: 0.2, epochs: 1, entropyWeight: 0);
        List<float[]> Ppo(double oldLogp, double advantage) =>
            Gradients(controller, () => ppo.Loss(controller.Evaluate([s.Decisions]), [new Experience(s.Decisions, oldLogp, 0, advantage)]));
        List<float[]> ScaledLogp(double factor) =>
            Gradients(controller, () => controller.Evaluate([s.Decisions]).LogProbability.sum() * factor);

        // Ratio 1 (policy unchanged since sampling): d(r A) = A d(log p), REINFORCE's gradient.
        AssertSameGradients(ScaledLogp(-0.5), Ppo(s.LogProbability, 0.5), 1e-4);
        // Ratio e > 1.2 with A > 0: the clipped term is the minimum and constant, so no gradient at all.
        Assert.All(Ppo(s.LogProbability - 1, 0.5), g => Assert.All(g, v => Assert.Equal(0f, v)));
        // Ratio e with A < 0: the unclipped r A is the minimum; gradient -A r d(log p) = 0.5 e d(log p).
        AssertSameGradients(ScaledLogp(0.5 * Math.E), Ppo(s.LogProbability - 1, -0.5), 1e-4);
    }

    [Fact]
    public void StrategyBatchesAdvantagesAgainstTheRunningBaselineAndUpdatesEveryM()
    {
        using var rl = new PolicyGradientSearch(Schemas.MnasNetShaped(), seed: 5, Small,
            new PolicyGradientOptions { BatchSize = 3, BaselineDecay = 0.5 });
        var c = rl.Ask(4);
        rl.Tell([new TrialResult(c[0].Id, 1.0), new TrialResult(c[1].Id, 3.0)]);
        Assert.Equal([0.0, 2.0], rl.PartialBatch.Select(e => e.Advantage));
        Assert.Equal(0, rl.Updates);
        rl.Tell([TrialResult.Failed(c[2].Id)]); // dropped by default: no batch entry, no baseline move
        Assert.Equal(2, rl.PartialBatch.Count);
        Assert.Equal(2.0, rl.Baseline);
        rl.Tell([new TrialResult(c[3].Id, 0.0)]);
        Assert.Equal(1, rl.Updates);
        Assert.Empty(rl.PartialBatch);
        Assert.Equal(1.0, rl.Baseline);
    }

    [Fact]
    public void FailureRewardWhenSetCountsFailedTrials()
    {
        using var rl = new PolicyGradientSearch(Schemas.MnasNetShaped(), seed: 6, Small,
            new PolicyGradientOptions { BatchSize = 8, FailureReward = 0 });
        var c = rl.Ask(2);
        rl.Tell([new TrialResult(c[0].Id, 0.5), TrialResult.Failed(c[1].Id)]);
        Assert.Equal([0.5, 0.0], rl.PartialBatch.Select(e => e.Reward));
    }

    [Fact]
    public void UpdatesMoveTheProbabilityOfAnArchitectureWithTheSignOfItsAdvantage()
    {
        using var rl = new PolicyGradientSearch(Schemas.MnasNetShaped(), seed: 7, Small,
            new PolicyGradientOptions { BatchSize = 1, EntropyWeight = 0, LearningRate = 1e-2 });
        double LogP(int[] d)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return rl.Controller.Evaluate([d]).LogProbability.item<float>();
        }
        var first = rl.Ask(1)[0];
        var weights = rl.Controller.Weights.Select(p => p.data<float>().ToArray()).ToList();
        rl.Tell([new TrialResult(first.Id, 0.5)]); // advantage 0: Adam's step is exactly zero
        Assert.Equal(weights, rl.Controller.Weights.Select(p => p.data<float>().ToArray()).ToList());

        var good = rl.Ask(1)[0];
        var before = LogP(good.Decisions);
        rl.Tell([new TrialResult(good.Id, 0.9)]);
        Assert.True(LogP(good.Decisions) > before + 0.05);

        var bad = rl.Ask(1)[0];
        before = LogP(bad.Decisions);
        rl.Tell([new TrialResult(bad.Id, 0.0)]);
        Assert.True(LogP(bad.Decisions) < before - 0.05);
    }
}
