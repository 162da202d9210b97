using NasLab.SearchSpace.Engine;
using NasLab.SearchSpace.Randomness;
using NasLab.SearchSpace.Schema;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NasLab.Controller.Policy;

/// <summary>
/// Autoregressive LSTM policy over a <see cref="DecisionSchema"/> (NAS / ENAS / MnasNet controller), on
/// TorchSharp. Step 0 reads a learned start input; step i+1 reads the embedding of decision i's chosen
/// value from the embedding table of decision i's kind. Each step's top LSTM output goes through the
/// linear head of its decision's kind, then optional temperature and tanh squashing, then a softmax.
/// <para>
/// Randomness comes from one host xoshiro256** stream seeded by the constructor: it draws the initial
/// weights (U(-r, r), identical on every CPU and libtorch version) and then every sampled choice
/// (inverse CDF of the double-precision softmax of the step's logits). Saving its four words with the
/// weights (<see cref="GetRandomState"/>) makes resumption exact, and nothing else in the process
/// (child training, libtorch's global generator) shifts the sequence of sampled architectures.
/// </para>
/// Parameters: <c>start</c>, <c>lstm{l}.weight_ih|weight_hh|bias_ih|bias_hh</c>, <c>embedding{k}</c>,
/// <c>head{k}_weight</c>, <c>head{k}_bias</c> (kinds are numbered because kind names may contain '.').
/// </summary>
public sealed class LstmController : nn.Module
{
    private readonly DecisionSchema _schema;
    private readonly ControllerOptions _options;
    private readonly int[] _kindOf;        // decision index -> kind index
    private readonly int[] _kindSize;      // kind index -> choice count
    private readonly long[] _kindOffset;   // kind index -> first row in the stacked embedding tables
    private readonly Parameter _start;     // [1, H]
    private readonly Parameter[] _embedding;  // per kind [count, H]
    private readonly Parameter[] _headWeight; // per kind [count, H]
    private readonly Parameter[] _headBias;   // per kind [count]
    private readonly LSTMCell[] _layers;
    private readonly List<Parameter> _parameters = []; // creation order: the order initialisation draws in
    private readonly Xoshiro256StarStar _rng;

    public LstmController(DecisionSchema schema, ControllerOptions options, ulong seed) : base(nameof(LstmController))
    {
        options.Validate();
        TorchEngine.EnsureInitialized();
        _schema = schema;
        _options = options;
        _rng = new Xoshiro256StarStar(seed);
        var kinds = schema.Kinds;
        _kindOf = schema.Decisions.Select(d => IndexOf(kinds, d.Kind)).ToArray();
        _kindSize = kinds.Select(k => schema.KindSizes[k]).ToArray();
        _kindOffset = new long[_kindSize.Length];
        for (int k = 1; k < _kindOffset.Length; k++) _kindOffset[k] = _kindOffset[k - 1] + _kindSize[k - 1];
        long h = options.HiddenSize;

        _start = NewParameter("start", [1, h]);
        _layers = new LSTMCell[options.Layers];
        for (int l = 0; l < options.Layers; l++)
        {
            _layers[l] = nn.LSTMCell(h, h);
            register_module($"lstm{l}", _layers[l]);
            foreach (var p in new[] { _layers[l].weight_ih!, _layers[l].weight_hh!, _layers[l].bias_ih!, _layers[l].bias_hh! })
                Initialize(p);
        }
        _embedding = new Parameter[kinds.Count];
        _headWeight = new Parameter[kinds.Count];
        _headBias = new Parameter[kinds.Count];
        for (int k = 0; k < kinds.Count; k++)
        {
            _embedding[k] = NewParameter($"embedding{k}", [_kindSize[k], h]);
            _headWeight[k] = NewParameter($"head{k}_weight", [_kindSize[k], h]);
            _headBias[k] = NewParameter($"head{k}_bias", [_kindSize[k]]);
        }
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == item) return i;
        throw new InvalidOperationException($"Kind '{item}' missing from the schema's kind list.");
    }

    private Parameter NewParameter(string name, long[] shape)
    {
        var p = new Parameter(empty(shape), requires_grad: true);
        register_parameter(name, p);
        Initialize(p);
        return p;
    }

    /// <summary>Fills <paramref name="p"/> with U(-InitRange, InitRange) drawn from the host stream.</summary>
    private void Initialize(Parameter p)
    {
        var values = new float[p.numel()];
        var r = _options.InitRange;
        for (int i = 0; i < values.Length; i++) values[i] = (float)(-r + 2 * r * _rng.NextDouble());
        using var noGrad = no_grad();
        using var source = tensor(values, p.shape);
        p.copy_(source);
        _parameters.Add(p);
    }

    public DecisionSchema Schema => _schema;
    public ControllerOptions Options => _options;

    /// <summary>Every parameter in creation order (stable: tests index into it).</summary>
    public IReadOnlyList<Parameter> Weights => _parameters;

    /// <summary>State of the sampling stream (save it with the weights for exact resumption).</summary>
    public ulong[] GetRandomState() => _rng.GetState();

    public void SetRandomState(IReadOnlyList<ulong> state) => _rng.SetState(state);

    /// <summary>The weights in TorchSharp's module format (<c>module.save</c>), as bytes.</summary>
    public byte[] SaveWeights()
    {
        using var buffer = new MemoryStream();
        save(buffer);
        return buffer.ToArray();
    }

    /// <summary>Loads weights saved by <see cref="SaveWeights"/> of a controller of the same shape (strict: every name and size must match).</summary>
    public void LoadWeights(byte[] weights)
    {
        using var buffer = new MemoryStream(weights, writable: false);
        load(buffer, strict: true);
    }

    /// <summary>
    /// Draws <paramref name="count"/> architectures (as one batch through the LSTM, without recording
    /// gradients). The stream is consumed step by step across the batch, so Sample(8) and eight Sample(1)
    /// calls give different (equally valid) draws; a fixed call pattern is reproducible.
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
    /// Step-by-step rollout without gradients: each step's [n, K] logits come to the host, where the
    /// choice is drawn (or the argmax taken when <paramref name="greedy"/>); it is embedded and fed to the
    /// next step. Stores each step's logits in <paramref name="logitsOut"/> when given.
    /// </summary>
    private int[][] Unroll(int n, bool greedy, float[][]? logitsOut)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (h, c) = ZeroState(n);
        var decisions = new int[n][];
        for (int j = 0; j < n; j++) decisions[j] = new int[_schema.Length];
        var chosen = new long[n];
        var lp = new double[_kindSize.Max()];
        var x = _start.expand(n, _options.HiddenSize);
        for (int i = 0; i < _schema.Length; i++)
        {
            var top = LstmStep(x, h, c);
            var kind = _kindOf[i];
            var size = _kindSize[kind];
            var stepLogits = Squash(F.linear(top, _headWeight[kind], _headBias[kind])).data<float>().ToArray();
            if (logitsOut != null) logitsOut[i] = stepLogits;
            for (int j = 0; j < n; j++)
            {
                var row = stepLogits.AsSpan(j * size, size);
                chosen[j] = greedy ? ArgMax(row) : Draw(row, lp);
                decisions[j][i] = (int)chosen[j];
            }
            x = _embedding[kind].index_select(0, tensor(chosen));
        }
        return decisions;
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int k = 1; k < row.Length; k++) if (row[k] > row[best]) best = k;
        return best;
    }

    /// <summary>Inverse-CDF draw from softmax(<paramref name="row"/>) with one uniform from the stream.</summary>
    private int Draw(ReadOnlySpan<float> row, double[] lp)
    {
        CategoricalMath.LogSoftmax(row, lp);
        var u = _rng.NextDouble();
        double cumulative = 0;
        for (int k = 0; k < row.Length - 1; k++)
        {
            cumulative += Math.Exp(lp[k]);
            if (u < cumulative) return k;
        }
        return row.Length - 1;
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
            var index = new long[(d - 1) * n];
            for (int i = 0; i < d - 1; i++)
                for (int j = 0; j < n; j++)
                    index[i * n + j] = _kindOffset[_kindOf[i]] + architectures[j][i];
            inputs = cat(_embedding, 0).index_select(0, tensor(index)).view(d - 1, n, _options.HiddenSize); // [D-1, N, H]
        }

        var (h, c) = ZeroState(n);
        var outputs = new Tensor[d];
        var x = _start.expand(n, _options.HiddenSize);
        for (int i = 0; i < d; i++)
        {
            outputs[i] = LstmStep(x, h, c);
            if (i < d - 1) x = inputs!.select(0, i);
        }

        Tensor? logProbability = null, entropy = null;
        for (int kind = 0; kind < _kindSize.Length; kind++)
        {
            var steps = Enumerable.Range(0, d).Where(i => _kindOf[i] == kind).ToList();
            if (steps.Count == 0) continue;
            var logits = Squash(F.linear(stack(steps.Select(i => outputs[i])), _headWeight[kind], _headBias[kind]));
            var logp = logits.log_softmax(2); // [S, N, K]
            var index = new long[steps.Count * n];
            for (int s = 0; s < steps.Count; s++)
                for (int j = 0; j < n; j++)
                    index[s * n + j] = architectures[j][steps[s]];
            var chosen = logp.gather(2, tensor(index, [steps.Count, n, 1])).sum([0, 2]);
            var ent = -(logp.exp() * logp).sum([0, 2]);
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
            h[l] = zeros(n, _options.HiddenSize);
            c[l] = zeros(n, _options.HiddenSize);
        }
        return (h, c);
    }

    /// <summary>Runs the layer stack one step, updating <paramref name="h"/> and <paramref name="c"/>; returns the top output.</summary>
    private Tensor LstmStep(Tensor x, Tensor[] h, Tensor[] c)
    {
        for (int l = 0; l < _layers.Length; l++)
        {
            (h[l], c[l]) = _layers[l].call(x, (h[l], c[l]));
            x = h[l];
        }
        return x;
    }

    /// <summary>ENAS logit shaping: divide by the temperature, then c * tanh(.).</summary>
    private Tensor Squash(Tensor logits)
    {
        if (_options.Temperature is { } t) logits = logits / t;
        if (_options.TanhConstant is { } tc) logits = logits.tanh() * tc;
        return logits;
    }
}
