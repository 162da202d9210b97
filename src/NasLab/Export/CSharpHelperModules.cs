namespace NasLab.Cli.Export;

/// <summary>
/// Source text of the small module classes nested in every exported network class. They mirror
/// <c>NasLab.SearchSpace.Builder</c> member for member (same child names, so weight files of builder-made
/// modules load into generated ones), but take plain numbers instead of architecture records, so the
/// generated file depends on nothing but <c>NasLab.Torch</c>.
/// </summary>
internal static class CSharpHelperModules
{
    /// <summary>Activation, gating and shortcut enums plus the two tensor helpers every module uses.</summary>
    public const string Basics = """
        /// <summary>Nonlinearity after a conv + batch norm; None is a linear bottleneck.</summary>
        public enum Activation { None, ReLU, ReLU6, Swish, HardSwish }

        /// <summary>Gate of a squeeze-and-excitation module: sigmoid (MnasNet, EfficientNet) or hard sigmoid (MobileNetV3).</summary>
        public enum Gate { Sigmoid, HardSigmoid }

        /// <summary>How a block adds its input to its output: not at all, as is (same shape), or average-pooled and projected if needed.</summary>
        public enum Shortcut { None, Identity, Pool }

        /// <summary>Final classifier: a linear layer, or a 1x1 conv with bias on the pooled map (Keras MobileNetV1).</summary>
        public enum ClassifierKind { Linear, Conv1x1 }

        private static Tensor Activate(Activation activation, Tensor x) => activation switch
        {
            Activation.None => x,
            Activation.ReLU => x.Relu(),
            Activation.ReLU6 => x.Relu6(),
            Activation.Swish => x.Silu(),
            Activation.HardSwish => x.HardSwish(),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
        };

        /// <summary>
        /// Applies <paramref name="f"/> and frees the intermediate <paramref name="x"/> at once (unless f returned it),
        /// so activations do not pile up until the end of a dispose scope. Autograd keeps what backward needs.
        /// </summary>
        private static Tensor Then(Tensor x, Func<Tensor, Tensor> f)
        {
            var y = f(x);
            if (!ReferenceEquals(x, y)) x.Dispose();
            return y;
        }
    """;

    public const string ConvBnAct = """
        /// <summary>Conv without bias + batch norm + activation. Padding k/2 keeps "same" sizes: output side = ceil(input / stride).</summary>
        public sealed class ConvBnAct : Module<Tensor, Tensor>
        {
            private readonly Conv2d _conv;
            private readonly BatchNorm2d _bn;
            private readonly Activation _activation;

            public ConvBnAct(int inChannels, int outChannels, int kernel, int stride, Activation activation, int groups = 1)
            {
                _conv = RegisterModule("conv", new Conv2d(inChannels, outChannels, kernel, stride, groups: groups, bias: false));
                _bn = RegisterModule("bn", new BatchNorm2d(outChannels));
                _activation = activation;
            }

            public override Tensor Forward(Tensor x)
            {
                var y = _conv.Forward(x);
                y = Then(y, _bn.Forward);
                return Then(y, t => Activate(_activation, t));
            }
        }
    """;

    /// <summary>Depthwise conv + BN + act; <paramref name="withMixConv"/> adds the several-kernel (MixConv) case.</summary>
    public static string DepthwiseBnAct(bool withMixConv) => $$"""
        /// <summary>Depthwise conv{{(withMixConv ? " (or MixConv when there are several kernels)" : "")}} + batch norm + activation.</summary>
        public sealed class DepthwiseBnAct : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> _conv;
            private readonly BatchNorm2d _bn;
            private readonly Activation _activation;

            public DepthwiseBnAct(int channels, int[] kernels, int stride, Activation activation)
            {
                _conv = {{(withMixConv
                    ? "kernels.Length == 1\n                ? RegisterModule<Module<Tensor, Tensor>>(\"conv\", new Conv2d(channels, channels, kernels[0], stride, groups: channels, bias: false))\n                : RegisterModule<Module<Tensor, Tensor>>(\"conv\", new MixConv(channels, kernels, stride));"
                    : "RegisterModule<Module<Tensor, Tensor>>(\"conv\", new Conv2d(channels, channels, kernels[0], stride, groups: channels, bias: false));")}}
                _bn = RegisterModule("bn", new BatchNorm2d(channels));
                _activation = activation;
            }

            public override Tensor Forward(Tensor x)
            {
                var y = _conv.Forward(x);
                y = Then(y, _bn.Forward);
                return Then(y, t => Activate(_activation, t));
            }
        }
    """;

    public const string MixConv = """
        /// <summary>
        /// MixConv (MixNet): channels split into equal groups (the remainder goes to the first), each group
        /// convolved depthwise with its own kernel, outputs concatenated. Children "0", "1", ... per group.
        /// </summary>
        public sealed class MixConv : Module<Tensor, Tensor>
        {
            private readonly Conv2d[] _convs;
            private readonly long[] _splits;

            public MixConv(int channels, int[] kernels, int stride)
            {
                _convs = new Conv2d[kernels.Length];
                _splits = new long[kernels.Length];
                for (int g = 0; g < kernels.Length; g++)
                {
                    int width = channels / kernels.Length + (g == 0 ? channels % kernels.Length : 0);
                    _splits[g] = width;
                    _convs[g] = RegisterModule(g.ToString(CultureInfo.InvariantCulture),
                        new Conv2d(width, width, kernels[g], stride, groups: width, bias: false));
                }
            }

            public override Tensor Forward(Tensor x)
            {
                var parts = x.Split(_splits, 1);
                var outputs = new Tensor[parts.Length];
                for (int g = 0; g < parts.Length; g++) outputs[g] = Then(parts[g], _convs[g].Forward);
                var y = Tensor.Cat(outputs, 1);
                foreach (var o in outputs) o.Dispose();
                return y;
            }
        }
    """;

    public const string SqueezeExcite = """
        /// <summary>Squeeze-and-excitation: global average pool, 1x1 conv down, activation, 1x1 conv up (both with bias), gate, scale the input.</summary>
        public sealed class SqueezeExcite : Module<Tensor, Tensor>
        {
            private readonly Conv2d _reduce;
            private readonly Conv2d _expand;
            private readonly Activation _activation;
            private readonly Gate _gate;

            public SqueezeExcite(int channels, int reduced, Activation activation, Gate gate)
            {
                _reduce = RegisterModule("reduce", new Conv2d(channels, reduced, 1));
                _expand = RegisterModule("expand", new Conv2d(reduced, channels, 1));
                _activation = activation;
                _gate = gate;
            }

            public override Tensor Forward(Tensor x)
            {
                var s = Functional.GlobalAvgPool2d(x);
                s = Then(s, _reduce.Forward);
                s = Then(s, t => Activate(_activation, t));
                s = Then(s, _expand.Forward);
                s = Then(s, t => _gate == Gate.Sigmoid ? t.Sigmoid() : t.HardSigmoid());
                return Then(s, g => x * g);
            }
        }
    """;

    public const string Block = """
        /// <summary>A block body plus its shortcut; the block kinds below only define the body.</summary>
        public abstract class Block : Module<Tensor, Tensor>
        {
            private Shortcut _shortcut;
            private int _stride = 1;
            private ConvBnAct? _projection;

            /// <summary>Call last in the constructor: the pool shortcut's projection ("skip") follows the body's layers.</summary>
            protected void UseShortcut(Shortcut shortcut, int inChannels, int outChannels, int stride)
            {
                _shortcut = shortcut;
                _stride = stride;
                if (shortcut == Shortcut.Pool && inChannels != outChannels)
                    _projection = RegisterModule("skip", new ConvBnAct(inChannels, outChannels, 1, 1, Activation.None));
            }

            protected abstract Tensor Body(Tensor x);

            public override Tensor Forward(Tensor x)
            {
                var y = Body(x);
                return _shortcut switch
                {
                    Shortcut.Identity => Then(y, t => x + t),
                    Shortcut.Pool => Then(y, t => Then(PoolShortcut(x), s => t + s)),
                    _ => y,
                };
            }

            /// <summary>Average pool to the output size (ceil mode matches the convs' "same" padding), then project if the width changes.</summary>
            private Tensor PoolShortcut(Tensor x)
            {
                var s = _stride > 1 ? Functional.AvgPool2d(x, _stride, _stride, ceilMode: true, countIncludePad: false) : x.Alias();
                return _projection is null ? s : Then(s, _projection.Forward);
            }
        }
    """;

    public const string MBConvBlock = """
        /// <summary>Inverted residual (MBConv): 1x1 expand (only when the width changes), depthwise, optional SE, linear 1x1 project.</summary>
        public sealed class MBConvBlock : Block
        {
            private readonly ConvBnAct? _expand;
            private readonly DepthwiseBnAct _dw;
            private readonly SqueezeExcite? _se;
            private readonly ConvBnAct _project;

            public MBConvBlock(int inChannels, int expandedChannels, int outChannels, int[] kernels, int stride, Activation activation,
                Shortcut shortcut = Shortcut.None, int seReduced = 0, Activation seActivation = Activation.ReLU, Gate seGate = Gate.Sigmoid,
                int expandGroups = 1, int projectGroups = 1)
            {
                if (expandedChannels != inChannels)
                    _expand = RegisterModule("expand", new ConvBnAct(inChannels, expandedChannels, 1, 1, activation, expandGroups));
                _dw = RegisterModule("dw", new DepthwiseBnAct(expandedChannels, kernels, stride, activation));
                if (seReduced > 0) _se = RegisterModule("se", new SqueezeExcite(expandedChannels, seReduced, seActivation, seGate));
                _project = RegisterModule("project", new ConvBnAct(expandedChannels, outChannels, 1, 1, Activation.None, projectGroups));
                UseShortcut(shortcut, inChannels, outChannels, stride);
            }

            protected override Tensor Body(Tensor x)
            {
                var y = _expand is null ? _dw.Forward(x) : Then(_expand.Forward(x), _dw.Forward);
                if (_se is not null) y = Then(y, _se.Forward);
                return Then(y, _project.Forward);
            }
        }
    """;

    public const string SeparableBlock = """
        /// <summary>Depthwise-separable block: depthwise, optional SE, 1x1 pointwise (activated only in MobileNetV1 style).</summary>
        public sealed class SeparableBlock : Block
        {
            private readonly DepthwiseBnAct _dw;
            private readonly SqueezeExcite? _se;
            private readonly ConvBnAct _pw;

            public SeparableBlock(int inChannels, int outChannels, int[] kernels, int stride, Activation activation,
                Shortcut shortcut = Shortcut.None, Activation pointwiseActivation = Activation.None,
                int seReduced = 0, Activation seActivation = Activation.ReLU, Gate seGate = Gate.Sigmoid, int pointwiseGroups = 1)
            {
                _dw = RegisterModule("dw", new DepthwiseBnAct(inChannels, kernels, stride, activation));
                if (seReduced > 0) _se = RegisterModule("se", new SqueezeExcite(inChannels, seReduced, seActivation, seGate));
                _pw = RegisterModule("pw", new ConvBnAct(inChannels, outChannels, 1, 1, pointwiseActivation, pointwiseGroups));
                UseShortcut(shortcut, inChannels, outChannels, stride);
            }

            protected override Tensor Body(Tensor x)
            {
                var y = _dw.Forward(x);
                if (_se is not null) y = Then(y, _se.Forward);
                return Then(y, _pw.Forward);
            }
        }
    """;

    public const string ConvBlock = """
        /// <summary>Regular block: k x k conv + batch norm + activation, optional SE on its output.</summary>
        public sealed class ConvBlock : Block
        {
            private readonly Conv2d _conv;
            private readonly BatchNorm2d _bn;
            private readonly SqueezeExcite? _se;
            private readonly Activation _activation;

            public ConvBlock(int inChannels, int outChannels, int kernel, int stride, Activation activation,
                Shortcut shortcut = Shortcut.None, int seReduced = 0, Activation seActivation = Activation.ReLU, Gate seGate = Gate.Sigmoid)
            {
                _conv = RegisterModule("conv", new Conv2d(inChannels, outChannels, kernel, stride, bias: false));
                _bn = RegisterModule("bn", new BatchNorm2d(outChannels));
                if (seReduced > 0) _se = RegisterModule("se", new SqueezeExcite(outChannels, seReduced, seActivation, seGate));
                _activation = activation;
                UseShortcut(shortcut, inChannels, outChannels, stride);
            }

            protected override Tensor Body(Tensor x)
            {
                var y = _conv.Forward(x);
                y = Then(y, _bn.Forward);
                y = Then(y, t => Activate(_activation, t));
                return _se is null ? y : Then(y, _se.Forward);
            }
        }
    """;

    public const string Stages = """
        /// <summary>The repeats of one stage, children "0", "1", ... in forward order.</summary>
        public sealed class Stage : Module<Tensor, Tensor>
        {
            private readonly Block[] _blocks;

            public Stage(params Block[] blocks)
            {
                _blocks = blocks;
                for (int i = 0; i < blocks.Length; i++) RegisterModule(i.ToString(CultureInfo.InvariantCulture), blocks[i]);
            }

            public IReadOnlyList<Block> Blocks => _blocks;

            public override Tensor Forward(Tensor x)
            {
                var y = _blocks[0].Forward(x);
                for (int i = 1; i < _blocks.Length; i++) y = Then(y, _blocks[i].Forward);
                return y;
            }
        }

        /// <summary>Holds the stages as "stages.&lt;index&gt;" so weight names match the search space's builder; never called itself.</summary>
        public sealed class StageList : Module
        {
            public Stage Add(int index, Stage stage) => RegisterModule(index.ToString(CultureInfo.InvariantCulture), stage);
        }
    """;

    public const string ClassifierHead = """
        /// <summary>Optional 1x1 conv + BN + activation, global average pool, optional hidden linear + activation, dropout, classifier.</summary>
        public sealed class ClassifierHead : Module<Tensor, Tensor>
        {
            private readonly Conv2d? _conv;
            private readonly BatchNorm2d? _bn;
            private readonly Activation _convActivation;
            private readonly Linear? _hidden;
            private readonly Activation _hiddenActivation;
            private readonly Dropout _dropout;
            private readonly Module<Tensor, Tensor> _classifier;

            public ClassifierHead(int inChannels, int classes, double dropout,
                int? convChannels = null, Activation convActivation = Activation.None,
                int? hiddenFeatures = null, Activation hiddenActivation = Activation.None,
                ClassifierKind classifier = ClassifierKind.Linear)
            {
                int c = inChannels;
                if (convChannels is int width)
                {
                    _conv = RegisterModule("conv", new Conv2d(c, width, 1, bias: false));
                    _bn = RegisterModule("bn", new BatchNorm2d(width));
                    c = width;
                }
                _convActivation = convActivation;
                if (hiddenFeatures is int features)
                {
                    _hidden = RegisterModule("hidden", new Linear(c, features));
                    c = features;
                }
                _hiddenActivation = hiddenActivation;
                _dropout = RegisterModule("dropout", new Dropout(dropout));
                _classifier = classifier == ClassifierKind.Conv1x1
                    ? RegisterModule<Module<Tensor, Tensor>>("classifier", new Conv2d(c, classes, 1))
                    : RegisterModule<Module<Tensor, Tensor>>("classifier", new Linear(c, classes));
            }

            public override Tensor Forward(Tensor x)
            {
                Tensor y;
                if (_conv is null) y = Functional.GlobalAvgPool2d(x);
                else
                {
                    y = _conv.Forward(x);
                    y = Then(y, _bn!.Forward);
                    y = Then(y, t => Activate(_convActivation, t));
                    y = Then(y, Functional.GlobalAvgPool2d);
                }
                if (_classifier is Conv2d conv)
                {
                    // 1x1-conv classifier on the pooled [N, C, 1, 1] map, then flatten to logits.
                    y = Then(y, _dropout.Forward);
                    y = Then(y, conv.Forward);
                    return Then(y, t => t.Flatten(1));
                }
                y = Then(y, t => t.Flatten(1));
                if (_hidden is not null)
                {
                    y = Then(y, _hidden.Forward);
                    y = Then(y, t => Activate(_hiddenActivation, t));
                }
                y = Then(y, _dropout.Forward);
                return Then(y, _classifier.Forward);
            }
        }
    """;
}
