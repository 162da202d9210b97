using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Blocks;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.SearchSpace.Builder;

// Every builder module registers its children by name in its constructor (the cost model's names)
// and overrides RegisterComponents with nothing: TorchSharp would otherwise also register each
// private field under its field name ("_conv"), duplicating entries in state_dict().

/// <summary>Conv + BN + optional activation; children "conv" and "bn" as the cost model names them.</summary>
public sealed class ConvBnAct : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _bn;
    private readonly Activation _act;

    /// <summary>The layers of a block's conv part.</summary>
    public ConvBnAct(ConvBnActPart part) : this(part.InChannels, part.OutChannels, part.Kernel, part.Stride, part.Activation, part.Groups) { }

    public ConvBnAct(int cin, int cout, int kernel, int stride, Activation act, int groups = 1, int? padding = null)
        : base(nameof(ConvBnAct))
    {
        _conv = Conv2dFactory.Create(cin, cout, kernel, stride, padding, groups: groups);
        _bn = nn.BatchNorm2d(cout);
        _act = act;
        this.Register("conv", _conv);
        this.Register("bn", _bn);
    }

    public Conv2d Conv => _conv;
    public BatchNorm2d Bn => _bn;
    public Activation Activation => _act;

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x) => _conv.call(x).Then(_bn.call).Then(y => Activations.Apply(_act, y));
}

/// <summary>
/// MixConv (MixNet): channels split into groups (equal, remainder to the first), group g convolved
/// depthwise with its own kernel, outputs concatenated. One group is a plain depthwise conv.
/// </summary>
public sealed class MixConv : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d[] _convs;
    private readonly long[] _splits;

    public MixConv(int channels, IReadOnlyList<int> kernels, int stride)
        : this(new DepthwisePart("dw", channels, [.. kernels], stride, Activation.None)) { }

    internal MixConv(DepthwisePart part) : base(nameof(MixConv))
    {
        var split = part.Splits;
        _splits = split.Select(s => (long)s).ToArray();
        _convs = new Conv2d[split.Count];
        for (int g = 0; g < split.Count; g++)
        {
            _convs[g] = Conv2dFactory.Create(split[g], split[g], part.Kernels[g], part.Stride, groups: split[g]);
            register_module(g.ToString(System.Globalization.CultureInfo.InvariantCulture), _convs[g]);
        }
    }

    public IReadOnlyList<Conv2d> Convs => _convs;

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x)
    {
        var parts = x.split(_splits, 1);
        var outs = new Tensor[parts.Length];
        for (int g = 0; g < parts.Length; g++) outs[g] = parts[g].Then(_convs[g].call);
        var y = torch.cat(outs, 1);
        foreach (var o in outs) o.Dispose();
        return y;
    }
}

/// <summary>Depthwise (or MixConv) conv + BN + activation; children "conv" and "bn".</summary>
public sealed class DepthwiseBnAct : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _conv;
    private readonly BatchNorm2d _bn;
    private readonly Activation _act;

    public DepthwiseBnAct(int channels, IReadOnlyList<int> kernels, int stride, Activation act)
        : this(new DepthwisePart("dw", channels, [.. kernels], stride, act)) { }

    public DepthwiseBnAct(DepthwisePart part) : base(nameof(DepthwiseBnAct))
    {
        _conv = part.IsMixConv
            ? new MixConv(part)
            : Conv2dFactory.Create(part.Channels, part.Channels, part.Kernels[0], part.Stride, groups: part.Channels);
        _bn = nn.BatchNorm2d(part.Channels);
        _act = part.Activation;
        this.Register("conv", _conv);
        this.Register("bn", _bn);
    }

    public nn.Module<Tensor, Tensor> Conv => _conv;
    public BatchNorm2d Bn => _bn;
    public Activation Activation => _act;

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x) => _conv.call(x).Then(_bn.call).Then(y => Activations.Apply(_act, y));
}

/// <summary>
/// Squeeze-and-excitation: pool, 1x1 conv (bias) down, activation, 1x1 conv (bias) up, gate, multiply.
/// Block style gates with sigmoid after the block activation; MobileNetV3 style with ReLU and hard-sigmoid.
/// </summary>
public sealed class SqueezeExcite : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _reduce, _expand;
    private readonly SeStyle _style;
    private readonly Activation _act;

    public SqueezeExcite(int channels, int reduced, SeStyle style, Activation blockActivation)
        : this(SqueezeExcitation.Part(style, blockActivation, channels, reduced)) { }

    public SqueezeExcite(SqueezeExcitePart part) : base(nameof(SqueezeExcite))
    {
        _reduce = Conv2dFactory.Create(part.Channels, part.Reduced, 1, bias: true);
        _expand = Conv2dFactory.Create(part.Reduced, part.Channels, 1, bias: true);
        _style = part.Gate == SeGate.Sigmoid ? SeStyle.Block : SeStyle.HardSigmoid;
        _act = part.Activation;
        register_module("reduce", _reduce);
        register_module("expand", _expand);
    }

    public Conv2d Reduce => _reduce;
    public Conv2d Expand => _expand;
    public SeStyle Style => _style;
    public Activation Activation => _act;

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x)
    {
        var gate = Pooling.Global(x).Then(_reduce.call).Then(s => Activations.Apply(_act, s)).Then(_expand.call)
            .Then(g => _style == SeStyle.Block ? g.sigmoid() : g.hardsigmoid());
        return gate.Then(g => x * g);
    }
}
