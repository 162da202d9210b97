using NasLab.Controller.Policy;
using NasLab.Controller.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.Controller.Tests;

public class LstmControllerTests
{
    private static readonly ControllerOptions Enas = new() { HiddenSize = 32, Temperature = 5.0, TanhConstant = 2.5 };
    private static readonly ControllerOptions Plain = new() { HiddenSize = 32, Temperature = null, TanhConstant = null, InitRange = 0.5 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SampledLogProbabilitiesAndEntropiesMatchAHandComputedSoftmaxOfTheReturnedLogits(bool enas)
    {
        var schema = Schemas.MnasNetShaped();
        using var controller = new LstmController(schema, enas ? Enas : Plain, seed: 3);
        foreach (var s in controller.Sample(5))
        {
            schema.Validate(s.Decisions);
            double total = 0, totalEntropy = 0;
            for (int i = 0; i < schema.Length; i++)
            {
                Assert.Equal(schema[i].Count, s.StepLogits[i].Length);
                var logp = Reference.LogSoftmax(s.StepLogits[i]);
                Assert.Equal(logp[s.Decisions[i]], s.StepLogProbabilities[i], tolerance: 1e-5);
                Assert.Equal(Reference.Entropy(s.StepLogits[i]), s.StepEntropies[i], tolerance: 1e-5);
                total += logp[s.Decisions[i]];
                totalEntropy += Reference.Entropy(s.StepLogits[i]);
            }
            Assert.Equal(total, s.LogProbability, tolerance: 1e-4);
            Assert.Equal(totalEntropy, s.Entropy, tolerance: 1e-4);
        }
    }

    [Fact]
    public void TemperatureAndTanhConstantBoundTheLogits()
    {
        using var controller = new LstmController(Schemas.MnasNetShaped(), Enas with { InitRange = 2.0 }, seed: 1);
        var all = controller.Sample(4).SelectMany(s => s.StepLogits.SelectMany(l => l)).ToList();
        Assert.All(all, l => Assert.InRange(l, -2.5f, 2.5f));
        // With large weights the squashing is visibly active (some logits near the bound), not a no-op.
        Assert.Contains(all, l => Math.Abs(l) > 1.0f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TeacherForcedEvaluationReproducesTheSamplingLogProbabilitiesAndEntropies(int layers)
    {
        using var controller = new LstmController(Schemas.MnasNetShaped(), Enas with { Layers = layers }, seed: 5);
        var samples = controller.Sample(6);
        using var scope = NewDisposeScope();
        var eval = controller.Evaluate(samples.Select(s => s.Decisions).ToList());
        var logp = eval.LogProbability.data<float>().ToArray();
        var ent = eval.Entropy.data<float>().ToArray();
        for (int n = 0; n < samples.Count; n++)
        {
            Assert.Equal(samples[n].LogProbability, logp[n], tolerance: 1e-4);
            Assert.Equal(samples[n].Entropy, ent[n], tolerance: 1e-4);
        }
    }

    [Fact]
    public void EachStepDependsOnThePreviousChoiceThroughItsEmbedding()
    {
        // Two samples that differ at decision 0 must see different logits at step 1 (autoregression),
        // while step 0's logits (start input only) are the same for every sample.
        using var controller = new LstmController(Schemas.Small(3, 3, 3), Plain, seed: 2);
        var samples = controller.Sample(60);
        // (Rows of one batch may differ in the last float bit, hence the tolerance.)
        foreach (var s in samples) AssertClose(samples[0].StepLogits[0], s.StepLogits[0]);
        var a = samples.First(s => s.Decisions[0] == 0);
        var b = samples.First(s => s.Decisions[0] == 1);
        Assert.True(a.StepLogits[1].Zip(b.StepLogits[1]).Max(p => Math.Abs(p.First - p.Second)) > 1e-3);
        foreach (var s in samples.Where(s => s.Decisions[0] == a.Decisions[0]))
            AssertClose(a.StepLogits[1], s.StepLogits[1]);
    }

    [Fact]
    public void MostLikelyTakesTheArgmaxOfEveryStepGivenItsOwnPrefix()
    {
        // Independent check through samples: for any sample that agrees with the greedy architecture on
        // decisions 0..i-1, step i's logits are the greedy path's, so their argmax must be greedy[i].
        var schema = Schemas.Small(3, 2, 3, 3);
        using var controller = new LstmController(schema, Plain, seed: 4);
        var greedy = controller.MostLikely();
        var samples = controller.Sample(400);
        for (int i = 0; i < schema.Length; i++)
        {
            var onPath = samples.Where(s => s.Decisions.Take(i).SequenceEqual(greedy.Take(i))).ToList();
            Assert.NotEmpty(onPath);
            foreach (var s in onPath)
            {
                var logits = s.StepLogits[i];
                Assert.Equal(Array.IndexOf(logits, logits.Max()), greedy[i]);
            }
        }
        Assert.Equal(greedy, controller.MostLikely()); // deterministic, consumes no randomness
    }

    [Fact]
    public void SamplingIsReproducibleFromTheSeedAndFromTheSavedGeneratorState()
    {
        var schema = Schemas.MnasNetShaped();
        using var a = new LstmController(schema, Enas, seed: 11);
        using var b = new LstmController(schema, Enas, seed: 11);
        using var c = new LstmController(schema, Enas, seed: 12);
        var state = a.GetRandomState();
        var first = a.Sample(3).Select(s => s.Decisions).ToList();
        Assert.Equal(first, b.Sample(3).Select(s => s.Decisions).ToList());
        Assert.NotEqual(first, c.Sample(3).Select(s => s.Decisions).ToList());
        a.SetRandomState(state);
        Assert.Equal(first, a.Sample(3).Select(s => s.Decisions).ToList());
    }

    [Fact]
    public void SampleFrequenciesFollowTheReportedProbabilities()
    {
        // One decision: every sample sees the same softmax, so empirical frequencies must match it.
        var schema = Schemas.Small(4);
        using var controller = new LstmController(schema, Plain with { InitRange = 1.0 }, seed: 8);
        var samples = controller.Sample(4000);
        var p = Reference.LogSoftmax(samples[0].StepLogits[0]).Select(Math.Exp).ToArray();
        for (int k = 0; k < 4; k++)
        {
            var freq = samples.Count(s => s.Decisions[0] == k) / 4000.0;
            // 4.5 standard errors: a wrong distribution fails, sampling noise does not.
            Assert.InRange(freq, p[k] - 4.5 * Math.Sqrt(p[k] * (1 - p[k]) / 4000), p[k] + 4.5 * Math.Sqrt(p[k] * (1 - p[k]) / 4000));
        }
    }

    [Fact]
    public void FirstStepLogitsEqualAHandComputedLstmCellAndHead()
    {
        // Independent truth for the recurrence: PyTorch's LSTM cell (gates i, f, g, o; h0 = c0 = 0) on the
        // start input, written out on the host from the weights, then the linear head. Catches a swapped
        // (h, c) pair or gate order that the sampling-vs-evaluation tests cannot see (both share the cell).
        using var controller = new LstmController(Schemas.Small(4), Plain with { HiddenSize = 5 }, seed: 6);
        var w = controller.Weights.Select(p => p.data<float>().ToArray()).ToList();
        // Creation order: start, weight_ih, weight_hh, bias_ih, bias_hh, embedding0, head0_weight, head0_bias.
        var (start, wih, bih, bhh, head, headBias) = (w[0], w[1], w[3], w[4], w[6], w[7]);
        const int h = 5;
        var hidden = new double[h];
        for (int u = 0; u < h; u++)
        {
            double Gate(int g) { double a = bih[g * h + u] + bhh[g * h + u]; for (int k = 0; k < h; k++) a += wih[(g * h + u) * h + k] * start[k]; return a; }
            static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
            var c = Sigmoid(Gate(0)) * Math.Tanh(Gate(2)); // f * c0 = 0
            hidden[u] = Sigmoid(Gate(3)) * Math.Tanh(c);
        }
        var logits = controller.Sample(1)[0].StepLogits[0];
        for (int j = 0; j < 4; j++)
        {
            double expected = headBias[j];
            for (int u = 0; u < h; u++) expected += head[j * h + u] * hidden[u];
            Assert.Equal(expected, logits[j], tolerance: 1e-5);
        }
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], tolerance: 1e-6f);
    }
}
