using NasLab.SearchSpace.Architecture;
using NasLab.Torch;
using NasLab.Torch.Nn;

namespace NasLab.SearchSpace.Builder;

/// <summary>Activation functions of the description, as tensor functions.</summary>
internal static class Activations
{
    public static Tensor Apply(Activation a, Tensor x) => a switch
    {
        Activation.None => x,
        Activation.ReLU => x.Relu(),
        Activation.ReLU6 => x.Relu6(),
        Activation.Swish => x.Silu(),
        Activation.HardSwish => x.HardSwish(),
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, "unknown activation"),
    };
}

/// <summary>Conv + BN + optional activation; children "conv" and "bn" as the cost model names them.</summary>
public sealed class ConvBnAct : Module<Tensor, Tensor>
{
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _bn;
    private readonly Activation _act;

    public ConvBnAct(int cin, int cout, int kernel, int stride, Activation act, int groups = 1, int? padding = null)
    {
        _conv = RegisterModule("conv", new Conv2d(cin, cout, kernel, stride, padding, groups: groups, bias: false));
        _bn = RegisterModule("bn", new BatchNorm2d(cout));
        _act = act;
    }

    public Conv2d Conv => _conv;
    public BatchNorm2d Bn => _bn;
    public Activation Activation => _act;

    public override Tensor Forward(Tensor x) => _conv.Forward(x).Then(_bn.Forward).Then(y => Activations.Apply(_act, y));
}

/// <summary>
/// MixConv (MixNet): channels split into groups (equal, remainder to the first), group g convolved
/// depthwise with its own kernel, outputs concatenated. One group is a plain depthwise conv.
/// </summary>
public sealed class MixConv : Module<Tensor, Tensor>
{
    private readonly Conv2d[] _convs;
    private readonly long[] _splits;

    public MixConv(int channels, IReadOnlyList<int> kernels, int stride)
    {
        var split = Channels.Split(channels, kernels.Count);
        _splits = split.Select(s => (long)s).ToArray();
        _convs = new Conv2d[kernels.Count];
        for (int g = 0; g < kernels.Count; g++)
            _convs[g] = RegisterModule(g.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new Conv2d(split[g], split[g], kernels[g], stride, groups: split[g], bias: false));
    }

    public IReadOnlyList<Conv2d> Convs => _convs;

    public override Tensor Forward(Tensor x)
    {
        var parts = x.Split(_splits, 1);
        var outs = new Tensor[parts.Length];
        for (int g = 0; g < parts.Length; g++) outs[g] = parts[g].Then(_convs[g].Forward);
        var y = Tensor.Cat(outs, 1);
        foreach (var o in outs) o.Dispose();
        return y;
    }
}

/// <summary>Depthwise (or MixConv) conv + BN + activation; children "conv" and "bn".</summary>
public sealed class DepthwiseBnAct : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _conv;
    private readonly BatchNorm2d _bn;
    private readonly Activation _act;

    public DepthwiseBnAct(int channels, IReadOnlyList<int> kernels, int stride, Activation act)
    {
        _conv = kernels.Count == 1
            ? RegisterModule<Module<Tensor, Tensor>>("conv", new Conv2d(channels, channels, kernels[0], stride, groups: channels, bias: false))
            : RegisterModule<Module<Tensor, Tensor>>("conv", new MixConv(channels, kernels, stride));
        _bn = RegisterModule("bn", new BatchNorm2d(channels));
        _act = act;
    }

    public Module<Tensor, Tensor> Conv => _conv;
    public BatchNorm2d Bn => _bn;
    public Activation Activation => _act;

    public override Tensor Forward(Tensor x) => _conv.Forward(x).Then(_bn.Forward).Then(y => Activations.Apply(_act, y));
}

/// <summary>
/// Squeeze-and-excitation: pool, 1x1 conv (bias) down, activation, 1x1 conv (bias) up, gate, multiply.
/// Block style gates with sigmoid after the block activation; MobileNetV3 style with ReLU and hard-sigmoid.
/// </summary>
public sealed class SqueezeExcite : Module<Tensor, Tensor>
{
    private readonly Conv2d _reduce, _expand;
    private readonly SeStyle _style;
    private readonly Activation _act;

    public SqueezeExcite(int channels, int reduced, SeStyle style, Activation blockActivation)
    {
        _reduce = RegisterModule("reduce", new Conv2d(channels, reduced, 1));
        _expand = RegisterModule("expand", new Conv2d(reduced, channels, 1));
        _style = style;
        _act = style == SeStyle.Block ? blockActivation : Activation.ReLU;
    }

    public Conv2d Reduce => _reduce;
    public Conv2d Expand => _expand;
    public SeStyle Style => _style;
    public Activation Activation => _act;

    public override Tensor Forward(Tensor x)
    {
        var gate = Functional.GlobalAvgPool2d(x).Then(_reduce.Forward).Then(s => Activations.Apply(_act, s)).Then(_expand.Forward)
            .Then(g => _style == SeStyle.Block ? g.Sigmoid() : g.HardSigmoid());
        return gate.Then(g => x * g);
    }
}
