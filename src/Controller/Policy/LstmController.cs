using NasLab.SearchSpace.Schema;
using NasLab.Torch;
using NasLab.Torch.Nn;

namespace NasLab.Controller.Policy;

/// <summary>
/// Autoregressive LSTM policy over a <see cref="DecisionSchema"/> (NAS / ENAS / MnasNet controller).
/// Step 0 reads a learned start input; step i+1 reads the embedding of decision i's chosen value from
/// the embedding table of decision i's kind. Each step's top LSTM output goes through the linear head of
/// its decision's kind, then optional temperature and tanh squashing, then a softmax.
/// <para>
/// The controller owns its <see cref="Generator"/>: initialisation and sampling draw only from it, so
/// saving its state with the weights (<see cref="GetRandomState"/>) makes resumption exact, and nothing
/// else in the process (child training) shifts the sequence of sampled architectures.
/// </para>
/// </summary>
public sealed class LstmController : Module, IDisposable
{
    private readonly DecisionSchema _schema;
    private readonly ControllerOptions _options;
    private readonly int[] _kindOf;        // decision index -> kind index
    private readonly int[] _kindSize;      // kind index -> choice count
    private readonly Tensor _start;        // [1, H]
    private readonly Tensor[] _embedding;  // per kind [count, H]
    private readonly Tensor[] _headWeight; // per kind [count, H]
    private readonly Tensor[] _headBias;   // per kind [count]
    private readonly LayerWeights[] _layers;
    private readonly Generator _generator;

    private sealed record LayerWeights(Tensor WeightIh, Tensor WeightHh, Tensor BiasIh, Tensor BiasHh);

    public LstmController(DecisionSchema schema, ControllerOptions options, ulong seed)
    {
        options.Validate();
        _schema = schema;
        _options = options;
        _generator = new Generator(seed);
        var kinds = schema.Kinds;
        _kindOf = schema.Decisions.Select(d => IndexOf(kinds, d.Kind)).ToArray();
        _kindSize = kinds.Select(k => schema.KindSizes[k]).ToArray();
        long h = options.HiddenSize;

        _start = Parameter("start", [1, h]);
        _layers = new LayerWeights[options.Layers];
        for (int l = 0; l < options.Layers; l++)
            _layers[l] = new LayerWeights(
                Parameter($"lstm{l}_weight_ih", [4 * h, h]), Parameter($"lstm{l}_weight_hh", [4 * h, h]),
                Parameter($"lstm{l}_bias_ih", [4 * h]), Parameter($"lstm{l}_bias_hh", [4 * h]));
        _embedding = new Tensor[kinds.Count];
        _headWeight = new Tensor[kinds.Count];
        _headBias = new Tensor[kinds.Count];
        for (int k = 0; k < kinds.Count; k++)
        {
            // Kind names may contain '.', which parameter names may not: number the kinds instead.
            _embedding[k] = Parameter($"embedding{k}", [_kindSize[k], h]);
            _headWeight[k] = Parameter($"head{k}_weight", [_kindSize[k], h]);
            _headBias[k] = Parameter($"head{k}_bias", [_kindSize[k]]);
        }
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == item) return i;
        throw new InvalidOperationException($"Kind '{item}' missing from the schema's kind list.");
    }

    private Tensor Parameter(string name, long[] shape) =>
        RegisterParameter(name, Tensor.Empty(shape).Uniform_(-_options.InitRange, _options.InitRange, _generator));

    public DecisionSchema Schema => _schema;
    public ControllerOptions Options => _options;

    /// <summary>State of the sampling generator (save it with the weights for exact resumption).</summary>
    public byte[] GetRandomState() => _generator.GetState();

    public void SetRandomState(byte[] state) => _generator.SetState(state);

    /// <summary>
    /// Draws <paramref name="count"/> architectures (as one batch through the LSTM, without recording
    /// gradients). The generator is consumed step by step across the batch, so Sample(8) and eight
    /// Sample(1) calls give different (equally valid) draws; a fixed call pattern is reproducible.
    /// </summary>
    public IReadOnlyList<ArchitectureSample> Sample(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var d = _schema.Length;
        var logits = new float[d][];
        var decisions = Unroll(count, greedy: false, logits);
        var samples = new ArchitectureSample[count];
        var lp = new double[_kindSize.Max()];
        for (int n = 0; n < count; n++)
        {
            var stepLogp = new double[d];
            var stepEnt = new double[d];
            var stepLogits = new float[d][];
            for (int i = 0; i < d; i++)
            {
                var k = _kindSize[_kindOf[i]];
                stepLogits[i] = logits[i].AsSpan(n * k, k).ToArray();
                stepEnt[i] = CategoricalMath.LogSoftmax(stepLogits[i], lp);
                stepLogp[i] = lp[decisions[n][i]];
            }
            samples[n] = new ArchitectureSample(decisions[n], stepLogp.Sum(), stepEnt.Sum(), stepLogp, stepEnt, stepLogits);
        }
        return samples;
    }

    /// <summary>The greedy architecture: argmax at every step, each fed back as the next input. Uses no randomness.</summary>
    public int[] MostLikely() => Unroll(1, greedy: true, null)[0];

    /// <summary>
    /// Step-by-step rollout without gradients: each step's choice (sampled, or argmax when
    /// <paramref name="greedy"/>) is embedded and fed to the next step. Stores each step's [n, K]
    /// logits in <paramref name="logitsOut"/> when given.
    /// </summary>
    private int[][] Unroll(int n, bool greedy, float[][]? logitsOut)
    {
        using var scope = DisposeScope.Begin();
        using var noGrad = Autograd.NoGrad();
        var (h, c) = ZeroState(n);
        var decisions = new int[n][];
        for (int j = 0; j < n; j++) decisions[j] = new int[_schema.Length];
        var chosen = new long[n];
        var x = _start.Expand([n, _options.HiddenSize]);
        for (int i = 0; i < _schema.Length; i++)
        {
            var top = LstmStep(x, h, c);
            var kind = _kindOf[i];
            var logits = Squash(Functional.Linear(top, _headWeight[kind], _headBias[kind]));
            if (greedy) logits.ArgMax(1).CopyTo<long>(chosen);
            else Functional.Multinomial(logits.Softmax(1), 1, replacement: false, _generator).CopyTo<long>(chosen);
            if (logitsOut != null) logitsOut[i] = logits.ToArray<float>();
            for (int j = 0; j < n; j++) decisions[j][i] = (int)chosen[j];
            x = Functional.Embedding(Tensor.From(chosen, n), _embedding[kind]);
        }
        return decisions;
    }

    /// <summary>
    /// Teacher-forced log-probabilities and entropies of the given architectures, with gradients (the
    /// policy-gradient updates recompute them here instead of keeping sampling graphs alive between Ask
    /// and Tell). All step inputs are known up front, so the embeddings are looked up in one call and the
    /// heads run once per kind over all of that kind's steps; only the LSTM recurrence is step by step.
    /// Tensors are created in the caller's dispose scope.
    /// </summary>
    public PolicyEvaluation Evaluate(IReadOnlyList<int[]> architectures)
    {
        if (architectures.Count == 0) throw new ArgumentException("Nothing to evaluate.", nameof(architectures));
        foreach (var a in architectures) _schema.Validate(a);
        int n = architectures.Count, d = _schema.Length;

        // Inputs of steps 1..D-1: the previous decision's embedding, from all kinds' tables stacked in one.
        Tensor? inputs = null;
        if (d > 1)
        {
            var offset = new long[_kindSize.Length];
            for (int k = 1; k < offset.Length; k++) offset[k] = offset[k - 1] + _kindSize[k - 1];
            var index = new long[(d - 1) * n];
            for (int i = 0; i < d - 1; i++)
                for (int j = 0; j < n; j++)
                    index[i * n + j] = offset[_kindOf[i]] + architectures[j][i];
            inputs = Functional.Embedding(Tensor.From(index, d - 1, n), Tensor.Cat(_embedding, 0)); // [D-1, N, H]
        }

        var (h, c) = ZeroState(n);
        var outputs = new Tensor[d];
        var x = _start.Expand([n, _options.HiddenSize]);
        for (int i = 0; i < d; i++)
        {
            outputs[i] = LstmStep(x, h, c);
            if (i < d - 1) x = inputs!.Select(0, i);
        }

        Tensor? logProbability = null, entropy = null;
        for (int kind = 0; kind < _kindSize.Length; kind++)
        {
            var steps = Enumerable.Range(0, d).Where(i => _kindOf[i] == kind).ToList();
            var size = _kindSize[kind];
            var logits = Squash(Functional.Linear(Tensor.Stack(steps.Select(i => outputs[i]).ToList()), _headWeight[kind], _headBias[kind]));
            var logp = logits.LogSoftmax(2); // [S, N, K]
            // Select the chosen entries with a one-hot mask (the engine has no gather).
            var mask = new float[steps.Count * n * size];
            for (int s = 0; s < steps.Count; s++)
                for (int j = 0; j < n; j++)
                    mask[(s * n + j) * size + architectures[j][steps[s]]] = 1f;
            var chosen = (logp * Tensor.From(mask, steps.Count, n, size)).Sum([0, 2]);
            var ent = -(logp.Exp() * logp).Sum([0, 2]);
            logProbability = logProbability is null ? chosen : logProbability + chosen;
            entropy = entropy is null ? ent : entropy + ent;
        }
        return new PolicyEvaluation(logProbability!, entropy!);
    }

    private (Tensor[] H, Tensor[] C) ZeroState(int n)
    {
        var h = new Tensor[_layers.Length];
        var c = new Tensor[_layers.Length];
        for (int l = 0; l < _layers.Length; l++)
        {
            h[l] = Tensor.Zeros([n, _options.HiddenSize]);
            c[l] = Tensor.Zeros([n, _options.HiddenSize]);
        }
        return (h, c);
    }

    /// <summary>Runs the layer stack one step, updating <paramref name="h"/> and <paramref name="c"/>; returns the top output.</summary>
    private Tensor LstmStep(Tensor x, Tensor[] h, Tensor[] c)
    {
        for (int l = 0; l < _layers.Length; l++)
        {
            var w = _layers[l];
            (h[l], c[l]) = Functional.LstmCell(x, h[l], c[l], w.WeightIh, w.WeightHh, w.BiasIh, w.BiasHh);
            x = h[l];
        }
        return x;
    }

    /// <summary>ENAS logit shaping: divide by the temperature, then c * tanh(.).</summary>
    private Tensor Squash(Tensor logits)
    {
        if (_options.Temperature is { } t) logits = logits / t;
        if (_options.TanhConstant is { } tc) logits = logits.Tanh() * tc;
        return logits;
    }

    /// <summary>
    /// Module.Dispose is not virtual, so this re-implements IDisposable to also free the generator
    /// (its finalizer would otherwise do it, late).
    /// </summary>
    public new void Dispose()
    {
        base.Dispose();
        _generator.Dispose();
    }
}
