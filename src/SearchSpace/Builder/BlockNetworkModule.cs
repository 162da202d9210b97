using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Blocks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.SearchSpace.Builder;

/// <summary>Stem, stages of repeated blocks, head: the module of a <see cref="BlockNetwork"/>.</summary>
public sealed class BlockNetworkModule : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct _stem;
    private readonly List<BlockModule> _blocks = [];
    private readonly HeadModule _head;

    public BlockNetworkModule(BlockNetwork net) : base(nameof(BlockNetworkModule))
    {
        Architecture = net;
        _stem = this.Register("stem", new ConvBnAct(3, net.Stem.Channels, net.Stem.Kernel, net.Stem.Stride, net.Stem.Activation));
        // Every stage gets its container, even one without repeats (as the cost model's walk leaves no gap in the indices).
        var stages = this.Register("stages", new ChildGroup());
        var groups = net.Stages.Select((_, i) => stages.Register(i, new ChildGroup())).ToList();
        int c = net.Stem.Channels;
        foreach (var repeat in BlockRepeats.Of(net))
        {
            _blocks.Add(groups[repeat.Stage].Register(repeat.Index, new BlockModule(repeat.Plan)));
            c = repeat.Plan.OutChannels;
        }
        _head = this.Register("head", new HeadModule(net.Head, c, net.NumClasses));
    }

    public BlockNetwork Architecture { get; }
    public ConvBnAct Stem => _stem;
    /// <summary>Every block repeat in forward order.</summary>
    public IReadOnlyList<BlockModule> Blocks => _blocks;
    public HeadModule Head => _head;

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x)
    {
        // Intermediates are freed as they are consumed; the scope only catches what a library
        // call may hand back without our knowing (nothing is left behind per forward).
        using var scope = torch.NewDisposeScope();
        var y = _stem.call(x);
        foreach (var block in _blocks) y = y.Then(block.call);
        return scope.MoveToOuter(y.Then(_head.call));
    }
}

/// <summary>Optional 1x1 conv + BN + act, global pool, optional hidden linear + act, dropout, classifier.</summary>
public sealed class HeadModule : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d? _conv;
    private readonly BatchNorm2d? _bn;
    private readonly Linear? _hidden;
    private readonly Dropout _dropout;
    private readonly nn.Module<Tensor, Tensor> _classifier;

    public HeadModule(HeadSpec spec, int cin, int classes) : base(nameof(HeadModule))
    {
        Spec = spec;
        int c = cin;
        if (spec.ConvChannels is int hc)
        {
            _conv = this.Register("conv", Conv2dFactory.Create(c, hc, 1));
            _bn = this.Register("bn", nn.BatchNorm2d(hc));
            c = hc;
        }
        if (spec.HiddenFeatures is int hf)
        {
            _hidden = this.Register("hidden", nn.Linear(c, hf));
            c = hf;
        }
        _dropout = this.Register("dropout", nn.Dropout(spec.Dropout));
        _classifier = spec.Classifier == ClassifierKind.Conv1x1
            ? this.Register<nn.Module<Tensor, Tensor>>("classifier", Conv2dFactory.Create(c, classes, 1, bias: true))
            : this.Register<nn.Module<Tensor, Tensor>>("classifier", nn.Linear(c, classes));
        InFeatures = c;
    }

    public HeadSpec Spec { get; }
    /// <summary>Features entering the classifier.</summary>
    public int InFeatures { get; }
    public Conv2d? Conv => _conv;
    public BatchNorm2d? Bn => _bn;
    public Linear? Hidden => _hidden;
    public nn.Module<Tensor, Tensor> Classifier => _classifier;

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x)
    {
        var y = _conv != null
            ? _conv.call(x).Then(_bn!.call).Then(t => Activations.Apply(Spec.ConvActivation, t)).Then(Pooling.Global)
            : Pooling.Global(x);
        if (_classifier is Conv2d conv)
            return y.Then(_dropout.call).Then(conv.call).Then(t => t.flatten(1));
        y = y.Then(t => t.flatten(1));
        if (_hidden != null) y = y.Then(_hidden.call).Then(t => Activations.Apply(Spec.HiddenActivation, t));
        return y.Then(_dropout.call).Then(_classifier.call);
    }
}
