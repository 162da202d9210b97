namespace NasLab.Cli.Export;

/// <summary>
/// Source text of the small TorchSharp module classes nested in an exported block network's class. They
/// mirror <c>NasLab.SearchSpace.Builder</c> child for child (same registered names, so a builder module's
/// state loads strictly), but take plain numbers instead of architecture records, so the generated file
/// needs nothing but TorchSharp.
/// </summary>
/// <remarks>
/// TorchSharp's <c>RegisterComponents()</c> registers every module-typed field under the field's name, and
/// registering a module as a child calls it too. So every module field here is named exactly as the builder
/// names that child ("conv", "bn", "dw", ...): then automatic and explicit registration agree, and no child
/// is ever registered twice under two names. Registration order is field order (derived class first).
/// </remarks>
internal static class CSharpHelperModules
{
    /// <summary>The activation enum and its function.</summary>
    public const string Activations = """
        /// <summary>Nonlinearity after a conv + batch norm; None is a linear bottleneck.</summary>
        public enum Activation { None, ReLU, ReLU6, Swish, HardSwish }

        private static Tensor Activate(Activation activation, Tensor x) => activation switch
        {
            Activation.None => x,
            Activation.ReLU => x.relu(),
            Activation.ReLU6 => x.relu6(),
            Activation.Swish => x.silu(),
            Activation.HardSwish => x.hardswish(),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
        };
    """;

    /// <summary>Global average pooling; shared by block and cell networks.</summary>
    public const string GlobalAvgPool = """
        /// <summary>Global average pool to [N, C, 1, 1].</summary>
        private static Tensor GlobalAvgPool(Tensor x) => nn.functional.adaptive_avg_pool2d(x, 1);
    """;

    /// <summary>Gating, shortcut and classifier enums of block networks.</summary>
    public const string BlockEnums = """
        /// <summary>Gate of a squeeze-and-excitation module: sigmoid (MnasNet, EfficientNet) or hard sigmoid (MobileNetV3).</summary>
        public enum Gate { Sigmoid, HardSigmoid }

        /// <summary>How a block adds its input to its output: not at all, as is (same shape), or average-pooled and projected if needed.</summary>
        public enum Shortcut { None, Identity, Pool }

        /// <summary>Final classifier: a linear layer, or a 1x1 conv with bias on the pooled map (Keras MobileNetV1).</summary>
        public enum ClassifierKind { Linear, Conv1x1 }
    """;

    public const string ConvBnAct = """
        /// <summary>
        /// Conv without bias + batch norm + activation. Padding k/2 keeps "same" sizes: output side = ceil(input / stride).
        /// </summary>
        public sealed class ConvBnAct : nn.Module<Tensor, Tensor>
        {
            private readonly Conv2d conv;
            private readonly BatchNorm2d bn;
            private readonly Activation activation;

            public ConvBnAct(int inChannels, int outChannels, int kernel, int stride, Activation activation, int groups = 1, int? padding = null)
                : base(nameof(ConvBnAct))
            {
                conv = nn.Conv2d(inChannels, outChannels, kernel, stride, padding ?? kernel / 2, groups: groups, bias: false);
                bn = nn.BatchNorm2d(outChannels);
                this.activation = activation;
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => Activate(activation, bn.call(conv.call(x)));
        }
    """;

    /// <summary>Depthwise conv + BN + act; <paramref name="withMixConv"/> adds the several-kernel (MixConv) case.</summary>
    public static string DepthwiseBnAct(bool withMixConv) => $$"""
        /// <summary>Depthwise conv{{(withMixConv ? " (or MixConv when there are several kernels)" : "")}} + batch norm + activation.</summary>
        public sealed class DepthwiseBnAct : nn.Module<Tensor, Tensor>
        {
            private readonly nn.Module<Tensor, Tensor> conv;
            private readonly BatchNorm2d bn;
            private readonly Activation activation;

            public DepthwiseBnAct(int channels, int[] kernels, int stride, Activation activation) : base(nameof(DepthwiseBnAct))
            {
                conv = {{(withMixConv
                    ? "kernels.Length == 1\n                ? nn.Conv2d(channels, channels, kernels[0], stride, kernels[0] / 2, groups: channels, bias: false)\n                : new MixConv(channels, kernels, stride);"
                    : "nn.Conv2d(channels, channels, kernels[0], stride, kernels[0] / 2, groups: channels, bias: false);")}}
                bn = nn.BatchNorm2d(channels);
                this.activation = activation;
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => Activate(activation, bn.call(conv.call(x)));
        }
    """;

    public const string MixConv = """
        /// <summary>
        /// MixConv (MixNet): channels split into equal groups (the remainder goes to the first), each group
        /// convolved depthwise with its own kernel, outputs concatenated. Children "0", "1", ... per group.
        /// </summary>
        public sealed class MixConv : nn.Module<Tensor, Tensor>
        {
            private readonly Conv2d[] convs;
            private readonly long[] splits;

            public MixConv(int channels, int[] kernels, int stride) : base(nameof(MixConv))
            {
                convs = new Conv2d[kernels.Length];
                splits = new long[kernels.Length];
                for (int g = 0; g < kernels.Length; g++)
                {
                    int width = channels / kernels.Length + (g == 0 ? channels % kernels.Length : 0);
                    splits[g] = width;
                    convs[g] = nn.Conv2d(width, width, kernels[g], stride, kernels[g] / 2, groups: width, bias: false);
                    register_module(g.ToString(CultureInfo.InvariantCulture), convs[g]);
                }
            }

            public override Tensor forward(Tensor x)
            {
                var parts = x.split(splits, 1);
                var outputs = new Tensor[parts.Length];
                for (int g = 0; g < parts.Length; g++) outputs[g] = convs[g].call(parts[g]);
                return cat(outputs, 1);
            }
        }
    """;

    public const string SqueezeExcite = """
        /// <summary>Squeeze-and-excitation: global average pool, 1x1 conv down, activation, 1x1 conv up (both with bias), gate, scale the input.</summary>
        public sealed class SqueezeExcite : nn.Module<Tensor, Tensor>
        {
            private readonly Conv2d reduce;
            private readonly Conv2d expand;
            private readonly Activation activation;
            private readonly Gate gate;

            public SqueezeExcite(int channels, int reduced, Activation activation, Gate gate) : base(nameof(SqueezeExcite))
            {
                reduce = nn.Conv2d(channels, reduced, 1);
                expand = nn.Conv2d(reduced, channels, 1);
                this.activation = activation;
                this.gate = gate;
                RegisterComponents();
            }

            public override Tensor forward(Tensor x)
            {
                var s = expand.call(Activate(activation, reduce.call(GlobalAvgPool(x))));
                return x * (gate == Gate.Sigmoid ? s.sigmoid() : s.hardsigmoid());
            }
        }
    """;

    public const string Block = """
        /// <summary>A block body plus its shortcut; the block kinds below only define the body.</summary>
        public abstract class Block : nn.Module<Tensor, Tensor>
        {
            // Declared in the base class, so RegisterComponents() registers it after the body's layers, as the builder does.
            private ConvBnAct? skip;
            private Shortcut shortcut;
            private int stride = 1;

            protected Block(string name) : base(name) { }

            /// <summary>Call last in the constructor: it registers the block's children, the pool shortcut's projection ("skip") last.</summary>
            protected void UseShortcut(Shortcut shortcut, int inChannels, int outChannels, int stride)
            {
                this.shortcut = shortcut;
                this.stride = stride;
                if (shortcut == Shortcut.Pool && inChannels != outChannels)
                    skip = new ConvBnAct(inChannels, outChannels, 1, 1, Activation.None);
                RegisterComponents();
            }

            protected abstract Tensor Body(Tensor x);

            public override Tensor forward(Tensor x)
            {
                var y = Body(x);
                return shortcut switch
                {
                    Shortcut.Identity => x + y,
                    Shortcut.Pool => y + PoolShortcut(x),
                    _ => y,
                };
            }

            /// <summary>Average pool to the output size (ceil mode matches the convs' "same" padding), then project if the width changes.</summary>
            private Tensor PoolShortcut(Tensor x)
            {
                var s = stride > 1 ? nn.functional.avg_pool2d(x, stride, stride, ceil_mode: true, count_include_pad: false) : x;
                return skip is null ? s : skip.call(s);
            }
        }
    """;

    public const string MBConvBlock = """
        /// <summary>Inverted residual (MBConv): optional 1x1 expansion, depthwise, optional SE, linear 1x1 projection.</summary>
        public sealed class MBConvBlock : Block
        {
            private readonly ConvBnAct? expand;
            private readonly DepthwiseBnAct dw;
            private readonly SqueezeExcite? se;
            private readonly ConvBnAct project;

            public MBConvBlock(int inChannels, int expandedChannels, int outChannels, int[] kernels, int stride, Activation activation,
                Shortcut shortcut = Shortcut.None, int seReduced = 0, Activation seActivation = Activation.ReLU, Gate seGate = Gate.Sigmoid,
                int expandGroups = 1, int projectGroups = 1) : base(nameof(MBConvBlock))
            {
                if (expandedChannels != inChannels) expand = new ConvBnAct(inChannels, expandedChannels, 1, 1, activation, expandGroups);
                dw = new DepthwiseBnAct(expandedChannels, kernels, stride, activation);
                if (seReduced > 0) se = new SqueezeExcite(expandedChannels, seReduced, seActivation, seGate);
                project = new ConvBnAct(expandedChannels, outChannels, 1, 1, Activation.None, projectGroups);
                UseShortcut(shortcut, inChannels, outChannels, stride);
            }

            protected override Tensor Body(Tensor x)
            {
                var y = dw.call(expand is null ? x : expand.call(x));
                if (se is not null) y = se.call(y);
                return project.call(y);
            }
        }
    """;

    public const string SeparableBlock = """
        /// <summary>Depthwise-separable block: depthwise, optional SE, 1x1 pointwise (activated only in MobileNetV1 style).</summary>
        public sealed class SeparableBlock : Block
        {
            private readonly DepthwiseBnAct dw;
            private readonly SqueezeExcite? se;
            private readonly ConvBnAct pw;

            public SeparableBlock(int inChannels, int outChannels, int[] kernels, int stride, Activation activation,
                Shortcut shortcut = Shortcut.None, Activation pointwiseActivation = Activation.None,
                int seReduced = 0, Activation seActivation = Activation.ReLU, Gate seGate = Gate.Sigmoid, int pointwiseGroups = 1)
                : base(nameof(SeparableBlock))
            {
                dw = new DepthwiseBnAct(inChannels, kernels, stride, activation);
                if (seReduced > 0) se = new SqueezeExcite(inChannels, seReduced, seActivation, seGate);
                pw = new ConvBnAct(inChannels, outChannels, 1, 1, pointwiseActivation, pointwiseGroups);
                UseShortcut(shortcut, inChannels, outChannels, stride);
            }

            protected override Tensor Body(Tensor x)
            {
                var y = dw.call(x);
                if (se is not null) y = se.call(y);
                return pw.call(y);
            }
        }
    """;

    public const string ConvBlock = """
        /// <summary>Regular block: k x k conv + batch norm + activation, optional SE on its output.</summary>
        public sealed class ConvBlock : Block
        {
            private readonly Conv2d conv;
            private readonly BatchNorm2d bn;
            private readonly SqueezeExcite? se;
            private readonly Activation activation;

            public ConvBlock(int inChannels, int outChannels, int kernel, int stride, Activation activation,
                Shortcut shortcut = Shortcut.None, int seReduced = 0, Activation seActivation = Activation.ReLU, Gate seGate = Gate.Sigmoid)
                : base(nameof(ConvBlock))
            {
                conv = nn.Conv2d(inChannels, outChannels, kernel, stride, kernel / 2, bias: false);
                bn = nn.BatchNorm2d(outChannels);
                if (seReduced > 0) se = new SqueezeExcite(outChannels, seReduced, seActivation, seGate);
                this.activation = activation;
                UseShortcut(shortcut, inChannels, outChannels, stride);
            }

            protected override Tensor Body(Tensor x)
            {
                var y = Activate(activation, bn.call(conv.call(x)));
                return se is null ? y : se.call(y);
            }
        }
    """;

    public const string Stages = """
        /// <summary>The repeats of one stage, children "0", "1", ... in forward order.</summary>
        public sealed class Stage : nn.Module<Tensor, Tensor>
        {
            private readonly Block[] blocks;

            public Stage(params Block[] blocks) : base(nameof(Stage))
            {
                this.blocks = blocks;
                for (int i = 0; i < blocks.Length; i++) register_module(i.ToString(CultureInfo.InvariantCulture), blocks[i]);
            }

            public IReadOnlyList<Block> Blocks => blocks;

            public override Tensor forward(Tensor x)
            {
                foreach (var block in blocks) x = block.call(x);
                return x;
            }
        }

        /// <summary>Holds the stages as "stages.&lt;index&gt;" so weight names match naslab's builder; never called itself.</summary>
        public sealed class StageList : nn.Module
        {
            private readonly Dictionary<int, Stage> stages = new();

            public StageList() : base(nameof(StageList)) { }

            public void Add(int index, Stage stage)
            {
                stages.Add(index, stage);
                register_module(index.ToString(CultureInfo.InvariantCulture), stage);
            }

            public Stage this[int index] => stages[index];
        }
    """;

    public const string ClassifierHead = """
        /// <summary>Optional 1x1 conv + BN + activation, global average pool, optional hidden linear + activation, dropout, classifier.</summary>
        public sealed class ClassifierHead : nn.Module<Tensor, Tensor>
        {
            private readonly Conv2d? conv;
            private readonly BatchNorm2d? bn;
            private readonly Linear? hidden;
            private readonly Dropout dropout;
            private readonly nn.Module<Tensor, Tensor> classifier;
            private readonly Activation convActivation;
            private readonly Activation hiddenActivation;
            private readonly bool convClassifier;

            public ClassifierHead(int inChannels, int classes, double dropout,
                int? convChannels = null, Activation convActivation = Activation.None,
                int? hiddenFeatures = null, Activation hiddenActivation = Activation.None,
                ClassifierKind classifier = ClassifierKind.Linear) : base(nameof(ClassifierHead))
            {
                int c = inChannels;
                if (convChannels is int width)
                {
                    conv = nn.Conv2d(c, width, 1, bias: false);
                    bn = nn.BatchNorm2d(width);
                    c = width;
                }
                if (hiddenFeatures is int features)
                {
                    hidden = nn.Linear(c, features);
                    c = features;
                }
                this.dropout = nn.Dropout(dropout);
                convClassifier = classifier == ClassifierKind.Conv1x1;
                this.classifier = convClassifier ? nn.Conv2d(c, classes, 1) : nn.Linear(c, classes);
                this.convActivation = convActivation;
                this.hiddenActivation = hiddenActivation;
                RegisterComponents();
            }

            public override Tensor forward(Tensor x)
            {
                var y = GlobalAvgPool(conv is null ? x : Activate(convActivation, bn!.call(conv.call(x))));
                // A 1x1-conv classifier works on the pooled [N, C, 1, 1] map; flatten its output to logits.
                if (convClassifier) return classifier.call(dropout.call(y)).flatten(1);
                y = y.flatten(1);
                if (hidden is not null) y = Activate(hiddenActivation, hidden.call(y));
                return classifier.call(dropout.call(y));
            }
        }
    """;
}
