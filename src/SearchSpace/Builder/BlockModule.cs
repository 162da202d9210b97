using NasLab.SearchSpace.Architecture;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.SearchSpace.Builder;

/// <summary>
/// One repeat of a stage: regular conv, depthwise-separable conv or MBConv, with optional SE and
/// the stage's skip op. Member names follow the cost model (expand, dw, se, project / pw, conv, skip).
/// </summary>
public sealed class BlockModule : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct? _expand;
    private readonly Conv2d? _conv;
    private readonly BatchNorm2d? _convBn;
    private readonly DepthwiseBnAct? _dw;
    private readonly SqueezeExcite? _se;
    private readonly ConvBnAct? _project;
    private readonly ConvBnAct? _skipProjection;
    private readonly SkipOp _skip;
    private readonly int _stride;
    private readonly bool _identity;

    public BlockModule(BlockSpec b, int cin, int stride) : base(nameof(BlockModule))
    {
        Spec = b;
        InChannels = cin;
        Stride = stride;
        _stride = stride;
        int mid = b.MidChannels(cin);
        int r = b.SeChannels(cin);
        switch (b.Op)
        {
            case BlockOp.Conv:
                // Named "conv" / "bn" directly under the block, as the cost model lists them.
                _conv = this.Register("conv", Conv2dFactory.Create(cin, b.OutChannels, b.Kernels[0], stride));
                _convBn = this.Register("bn", nn.BatchNorm2d(b.OutChannels));
                if (r > 0) _se = this.Register("se", new SqueezeExcite(mid, r, b.SeStyle, b.Activation));
                break;
            case BlockOp.SepConv:
                _dw = this.Register("dw", new DepthwiseBnAct(cin, b.Kernels, stride, b.Activation));
                if (r > 0) _se = this.Register("se", new SqueezeExcite(mid, r, b.SeStyle, b.Activation));
                _project = this.Register("pw", new ConvBnAct(cin, b.OutChannels, 1, 1, b.ProjectActivation ? b.Activation : Activation.None, b.ProjectGroups));
                break;
            default:
                if (mid != cin) _expand = this.Register("expand", new ConvBnAct(cin, mid, 1, 1, b.Activation, b.ExpandGroups));
                _dw = this.Register("dw", new DepthwiseBnAct(mid, b.Kernels, stride, b.Activation));
                if (r > 0) _se = this.Register("se", new SqueezeExcite(mid, r, b.SeStyle, b.Activation));
                _project = this.Register("project", new ConvBnAct(mid, b.OutChannels, 1, 1, Activation.None, b.ProjectGroups));
                break;
        }
        _skip = b.Skip;
        _identity = b.Skip == SkipOp.Identity && stride == 1 && cin == b.OutChannels;
        if (b.Skip == SkipOp.Pool && cin != b.OutChannels)
            _skipProjection = this.Register("skip", new ConvBnAct(cin, b.OutChannels, 1, 1, Activation.None));
    }

    public BlockSpec Spec { get; }
    public int InChannels { get; }
    public int Stride { get; }
    public ConvBnAct? Expand => _expand;
    public Conv2d? Conv => _conv;
    public BatchNorm2d? ConvBn => _convBn;
    public DepthwiseBnAct? Depthwise => _dw;
    public SqueezeExcite? Se => _se;
    public ConvBnAct? Project => _project;
    public ConvBnAct? SkipProjection => _skipProjection;
    public bool HasIdentityShortcut => _identity;

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x)
    {
        Tensor y;
        if (_conv != null) y = _conv.call(x).Then(_convBn!.call).Then(t => Activations.Apply(Spec.Activation, t));
        else y = _expand != null ? _expand.call(x).Then(_dw!.call) : _dw!.call(x);
        if (_se != null) y = y.Then(_se.call);
        if (_project != null) y = y.Then(_project.call);
        return _skip switch
        {
            SkipOp.Identity when _identity => y.Then(t => x + t),
            SkipOp.Pool => y.Then(t => PoolShortcut(x).Then(s => t + s)),
            _ => y,
        };
    }

    /// <summary>Average-pool to the output size (ceil mode matches the convs' "same" padding), project if needed.</summary>
    private Tensor PoolShortcut(Tensor x)
    {
        if (_stride == 1) return _skipProjection != null ? _skipProjection.call(x) : x.alias();
        var s = Pooling.Avg(x, _stride, _stride, ceilMode: true, countIncludePad: false);
        return _skipProjection != null ? s.Then(_skipProjection.call) : s;
    }
}
