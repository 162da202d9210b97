using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Blocks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.SearchSpace.Builder;

/// <summary>
/// One repeat of a stage, built part by part from its <see cref="BlockPlan"/> (regular conv, depthwise-separable
/// or MBConv body, optional SE, the stage's skip op). Children carry the plan's names (expand, dw, se,
/// project / pw, conv + bn, skip), which are the cost model's.
/// </summary>
public sealed class BlockModule : nn.Module<Tensor, Tensor>
{
    private readonly List<Func<Tensor, Tensor>> _body = [];
    private readonly Dictionary<string, nn.Module> _children = [];
    private readonly Conv2d? _conv;
    private readonly BatchNorm2d? _convBn;
    private readonly ConvBnAct? _skipProjection;

    public BlockModule(BlockSpec b, int cin, int stride) : this(BlockPlan.Of(b, cin, stride)) { }

    public BlockModule(BlockPlan plan) : base(nameof(BlockModule))
    {
        Plan = plan;
        foreach (var part in plan.Body)
        {
            switch (part)
            {
                case ConvBnActPart { Name: null } p:
                    // An inline part: "conv" / "bn" directly under the block, as the cost model lists them.
                    var conv = _conv = Add(p.ConvName, Conv2dFactory.Create(p.InChannels, p.OutChannels, p.Kernel, p.Stride, groups: p.Groups));
                    var bn = _convBn = Add(p.BnName, nn.BatchNorm2d(p.OutChannels));
                    _body.Add(x => conv.call(x).Then(bn.call).Then(t => Activations.Apply(p.Activation, t)));
                    break;
                case ConvBnActPart p:
                    _body.Add(Add(p.Name!, new ConvBnAct(p)).call);
                    break;
                case DepthwisePart p:
                    _body.Add(Add(p.Name!, new DepthwiseBnAct(p)).call);
                    break;
                case SqueezeExcitePart p:
                    _body.Add(Add(p.Name!, new SqueezeExcite(p)).call);
                    break;
                default:
                    throw new NotSupportedException($"The builder does not know block part {part.GetType().Name}.");
            }
        }
        if (plan.Shortcut.Projection is { } projection)
            _skipProjection = Add(projection.Name!, new ConvBnAct(projection));
    }

    public BlockPlan Plan { get; }
    public BlockSpec Spec => Plan.Spec;
    public int InChannels => Plan.InChannels;
    public int Stride => Plan.Stride;
    public ConvBnAct? Expand => Child<ConvBnAct>("expand");
    public Conv2d? Conv => _conv;
    public BatchNorm2d? ConvBn => _convBn;
    public DepthwiseBnAct? Depthwise => Child<DepthwiseBnAct>("dw");
    public SqueezeExcite? Se => Child<SqueezeExcite>("se");
    /// <summary>The MBConv projection ("project") or the separable block's pointwise conv ("pw").</summary>
    public ConvBnAct? Project => Child<ConvBnAct>("project") ?? Child<ConvBnAct>("pw");
    public ConvBnAct? SkipProjection => _skipProjection;
    public bool HasIdentityShortcut => Plan.Shortcut.Kind == ShortcutKind.Identity;

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x)
    {
        var y = _body[0](x);
        for (int i = 1; i < _body.Count; i++) y = y.Then(_body[i]);
        return Plan.Shortcut.Kind switch
        {
            ShortcutKind.Identity => y.Then(t => x + t),
            ShortcutKind.Pool => y.Then(t => PoolShortcut(x).Then(s => t + s)),
            _ => y,
        };
    }

    private T Add<T>(string name, T child) where T : nn.Module
    {
        _children.Add(name, child);
        return this.Register(name, child);
    }

    private T? Child<T>(string name) where T : nn.Module => _children.GetValueOrDefault(name) as T;

    /// <summary>Average-pool to the output size (ceil mode matches the convs' "same" padding), project if needed.</summary>
    private Tensor PoolShortcut(Tensor x)
    {
        int stride = Plan.Shortcut.PoolStride;
        if (stride == 1) return _skipProjection != null ? _skipProjection.call(x) : x.alias();
        var s = Pooling.Avg(x, stride, stride, ceilMode: true, countIncludePad: false);
        return _skipProjection != null ? s.Then(_skipProjection.call) : s;
    }
}
