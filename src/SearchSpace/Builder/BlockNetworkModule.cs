using NasLab.SearchSpace.Architecture;
using NasLab.Torch;
using NasLab.Torch.Nn;

namespace NasLab.SearchSpace.Builder;

/// <summary>Stem, stages of repeated blocks, head: the module of a <see cref="BlockNetwork"/>.</summary>
public sealed class BlockNetworkModule : Module<Tensor, Tensor>
{
    private readonly ConvBnAct _stem;
    private readonly List<BlockModule> _blocks = [];
    private readonly HeadModule _head;

    public BlockNetworkModule(BlockNetwork net)
    {
        Architecture = net;
        _stem = RegisterModule("stem", new ConvBnAct(3, net.Stem.Channels, net.Stem.Kernel, net.Stem.Stride, net.Stem.Activation));
        var stages = RegisterModule("stages", new Container());
        int c = net.Stem.Channels;
        for (int i = 0; i < net.Stages.Count; i++)
        {
            var spec = net.Stages[i];
            var stage = stages.Add(i, new Container());
            for (int j = 0; j < spec.Repeats; j++)
            {
                _blocks.Add(stage.Add(j, new BlockModule(spec, c, j == 0 ? spec.Stride : 1)));
                c = spec.OutChannels;
            }
        }
        _head = RegisterModule("head", new HeadModule(net.Head, c, net.NumClasses));
    }

    public BlockNetwork Architecture { get; }
    public ConvBnAct Stem => _stem;
    /// <summary>Every block repeat in forward order.</summary>
    public IReadOnlyList<BlockModule> Blocks => _blocks;
    public HeadModule Head => _head;

    public override Tensor Forward(Tensor x)
    {
        var y = _stem.Forward(x);
        foreach (var block in _blocks) y = y.Then(block.Forward);
        return y.Then(_head.Forward);
    }
}

/// <summary>Optional 1x1 conv + BN + act, global pool, optional hidden linear + act, dropout, classifier.</summary>
public sealed class HeadModule : Module<Tensor, Tensor>
{
    private readonly Conv2d? _conv;
    private readonly BatchNorm2d? _bn;
    private readonly Linear? _hidden;
    private readonly Dropout _dropout;
    private readonly Module<Tensor, Tensor> _classifier;

    public HeadModule(HeadSpec spec, int cin, int classes)
    {
        Spec = spec;
        int c = cin;
        if (spec.ConvChannels is int hc)
        {
            _conv = RegisterModule("conv", new Conv2d(c, hc, 1, bias: false));
            _bn = RegisterModule("bn", new BatchNorm2d(hc));
            c = hc;
        }
        if (spec.HiddenFeatures is int hf)
        {
            _hidden = RegisterModule("hidden", new Linear(c, hf));
            c = hf;
        }
        _dropout = new Dropout(spec.Dropout);
        RegisterModule("dropout", _dropout);
        _classifier = spec.Classifier == ClassifierKind.Conv1x1
            ? RegisterModule<Module<Tensor, Tensor>>("classifier", new Conv2d(c, classes, 1))
            : RegisterModule<Module<Tensor, Tensor>>("classifier", new Linear(c, classes));
        InFeatures = c;
    }

    public HeadSpec Spec { get; }
    /// <summary>Features entering the classifier.</summary>
    public int InFeatures { get; }
    public Conv2d? Conv => _conv;
    public BatchNorm2d? Bn => _bn;
    public Linear? Hidden => _hidden;
    public Module<Tensor, Tensor> Classifier => _classifier;

    public override Tensor Forward(Tensor x)
    {
        var y = _conv != null
            ? _conv.Forward(x).Then(_bn!.Forward).Then(t => Activations.Apply(Spec.ConvActivation, t)).Then(Functional.GlobalAvgPool2d)
            : Functional.GlobalAvgPool2d(x);
        if (_classifier is Conv2d conv)
            return y.Then(_dropout.Forward).Then(conv.Forward).Then(t => t.Flatten(1));
        y = y.Then(t => t.Flatten(1));
        if (_hidden != null) y = y.Then(_hidden.Forward).Then(t => Activations.Apply(Spec.HiddenActivation, t));
        return y.Then(_dropout.Forward).Then(_classifier.Forward);
    }
}

/// <summary>A container whose children are named by index ("stages.3.1"); it is not called itself.</summary>
internal sealed class Container : Module
{
    public T Add<T>(int index, T module) where T : Module =>
        RegisterModule(index.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
}
