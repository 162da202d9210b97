namespace NasLab.Cli.Export;

/// <summary>
/// Source text of the TorchSharp modules nested in an exported NASNet / ENAS cell network's class. They mirror
/// <c>CellModule</c>, <c>CellOpModule</c>, <c>FactorizedReduction</c>, <c>ReluConvBn</c> and <c>SeparableConvBn</c>
/// of <c>NasLab.SearchSpace.Builder</c> child for child, taking a plain genotype instead of architecture records.
/// Module fields are named exactly as the builder's children (see <see cref="CSharpHelperModules"/> for why).
/// </summary>
internal static class CSharpCellModules
{
    public const string Genotype = """
        /// <summary>The NASNet operation set (ENAS uses identity, sep3x3, sep5x5, avg3x3, max3x3).</summary>
        public enum CellOp
        {
            Identity, Conv1x3Then3x1, Conv1x7Then7x1, DilConv3x3, AvgPool3x3, MaxPool3x3, MaxPool5x5, MaxPool7x7,
            Conv1x1, Conv3x3, SepConv3x3, SepConv5x5, SepConv7x7,
        }

        /// <summary>One cell block: Op1(state Input1) + Op2(state Input2). States: Prev = h_(i-1), Cur = h_i, Bk = output of block k.</summary>
        public readonly record struct CellBlock(int Input1, CellOp Op1, int Input2, CellOp Op2);

        /// <summary>A cell's blocks and the states concatenated into its output.</summary>
        public sealed record CellGenotype(CellBlock[] Blocks, int[] Concat);

        /// <summary>Channels and side of a cell state.</summary>
        public readonly record struct Shape(int Channels, int Side);

        private static int Kernel(CellOp op) => op switch
        {
            CellOp.SepConv3x3 or CellOp.Conv3x3 or CellOp.DilConv3x3 or CellOp.AvgPool3x3 or CellOp.MaxPool3x3 or CellOp.Conv1x3Then3x1 => 3,
            CellOp.SepConv5x5 or CellOp.MaxPool5x5 => 5,
            CellOp.SepConv7x7 or CellOp.MaxPool7x7 or CellOp.Conv1x7Then7x1 => 7,
            _ => 1,
        };
    """;

    public const string ConvBn = """
        /// <summary>Conv without bias + batch norm (the stem; no activation, cells start with ReLU).</summary>
        public sealed class ConvBn : nn.Module<Tensor, Tensor>
        {
            private readonly Conv2d conv;
            private readonly BatchNorm2d bn;

            public ConvBn(int inChannels, int outChannels, int kernel, int stride, int padding) : base(nameof(ConvBn))
            {
                conv = nn.Conv2d(inChannels, outChannels, kernel, stride, padding, bias: false);
                bn = nn.BatchNorm2d(outChannels);
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => bn.call(conv.call(x));
        }
    """;

    public const string ReluConvBn = """
        /// <summary>ReLU (optional), conv with "same" padding, batch norm: how NASNet brings a cell input to F channels.</summary>
        public sealed class ReluConvBn : nn.Module<Tensor, Tensor>
        {
            private readonly Conv2d conv;
            private readonly BatchNorm2d bn;
            private readonly bool relu;

            public ReluConvBn(int inChannels, int outChannels, int kernel = 1, int stride = 1, int dilation = 1, bool relu = true)
                : base(nameof(ReluConvBn))
            {
                conv = nn.Conv2d(inChannels, outChannels, kernel, stride, dilation * (kernel - 1) / 2, dilation, bias: false);
                bn = nn.BatchNorm2d(outChannels);
                this.relu = relu;
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => bn.call(conv.call(relu ? x.relu() : x));
        }
    """;

    public const string FactorizedReduction = """
        /// <summary>
        /// NASNet's factorized reduction: two stride-2 1x1 convs, one on the input and one on the input shifted by
        /// one pixel, concatenated and batch-normalised (the caller applies the ReLU where TF does).
        /// </summary>
        public sealed class FactorizedReduction : nn.Module<Tensor, Tensor>
        {
            private readonly Sequential path1;
            private readonly Sequential path2;
            private readonly BatchNorm2d bn;

            public FactorizedReduction(int inChannels, int outChannels) : base(nameof(FactorizedReduction))
            {
                path1 = nn.Sequential(("conv", nn.Conv2d(inChannels, outChannels / 2, 1, 2, bias: false)));
                path2 = nn.Sequential(("conv", nn.Conv2d(inChannels, outChannels / 2, 1, 2, bias: false)));
                bn = nn.BatchNorm2d(2 * (outChannels / 2));
                RegisterComponents();
            }

            public override Tensor forward(Tensor x)
            {
                // Shift by one pixel: pad right and bottom, drop the first row and column (TF's path 2).
                long h = x.shape[2], w = x.shape[3];
                var shifted = nn.functional.pad(x, new long[] { 0, 1, 0, 1 }).narrow(2, 1, h).narrow(3, 1, w);
                return bn.call(cat(new[] { path1.call(x), path2.call(shifted) }, 1));
            }
        }
    """;

    public const string SeparableConvBn = """
        /// <summary>ReLU, depthwise k x k (stride), pointwise 1x1, batch norm: half of NASNet's separable op.</summary>
        public sealed class SeparableConvBn : nn.Module<Tensor, Tensor>
        {
            private readonly Conv2d dw;
            private readonly Conv2d pw;
            private readonly BatchNorm2d bn;

            public SeparableConvBn(int inChannels, int outChannels, int kernel, int stride) : base(nameof(SeparableConvBn))
            {
                dw = nn.Conv2d(inChannels, inChannels, kernel, stride, kernel / 2, groups: inChannels, bias: false);
                pw = nn.Conv2d(inChannels, outChannels, 1, bias: false);
                bn = nn.BatchNorm2d(outChannels);
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => bn.call(pw.call(dw.call(x.relu())));
        }
    """;

    public const string CellOperation = """
        /// <summary>One NASNet operation applied to one cell state, with the layers it needs to reach F channels and the stride.</summary>
        public sealed class CellOperation : nn.Module<Tensor, Tensor>
        {
            // Each op uses a subset of these, in this order: conv1, conv2, bn | conv, bn | sep1, sep2.
            private readonly Conv2d? conv1;
            private readonly Conv2d? conv2;
            private readonly Conv2d? conv;
            private readonly BatchNorm2d? bn;
            private readonly SeparableConvBn? sep1;
            private readonly SeparableConvBn? sep2;
            private readonly CellOp op;
            private readonly int stride;

            public CellOperation(CellOp op, int inChannels, int filters, int stride) : base(nameof(CellOperation))
            {
                this.op = op;
                this.stride = stride;
                int k = Kernel(op);
                switch (op)
                {
                    case CellOp.Identity:
                        // An identity that changes stride or width is ReLU + 1x1 conv + BN.
                        if (stride != 1 || inChannels != filters) (conv, bn) = ConvAndBn(inChannels, filters, 1, stride, 1);
                        break;
                    case CellOp.AvgPool3x3 or CellOp.MaxPool3x3 or CellOp.MaxPool5x5 or CellOp.MaxPool7x7:
                        if (inChannels != filters) (conv, bn) = ConvAndBn(inChannels, filters, 1, 1, 1);
                        break;
                    case CellOp.SepConv3x3 or CellOp.SepConv5x5 or CellOp.SepConv7x7:
                        sep1 = new SeparableConvBn(inChannels, filters, k, stride);
                        sep2 = new SeparableConvBn(filters, filters, k, 1);
                        break;
                    case CellOp.Conv1x3Then3x1 or CellOp.Conv1x7Then7x1:
                        conv1 = nn.Conv2d(inChannels, filters, (1, k), stride: (1, stride), padding: (0, k / 2), bias: false);
                        conv2 = nn.Conv2d(filters, filters, (k, 1), stride: (stride, 1), padding: (k / 2, 0), bias: false);
                        bn = nn.BatchNorm2d(filters);
                        break;
                    case CellOp.DilConv3x3:
                        (conv, bn) = ConvAndBn(inChannels, filters, 3, stride, 2);
                        break;
                    default: // Conv1x1, Conv3x3
                        (conv, bn) = ConvAndBn(inChannels, filters, k, stride, 1);
                        break;
                }
                RegisterComponents();
            }

            private static (Conv2d, BatchNorm2d) ConvAndBn(int inChannels, int outChannels, int kernel, int stride, int dilation) =>
                (nn.Conv2d(inChannels, outChannels, kernel, stride, dilation * (kernel - 1) / 2, dilation, bias: false), nn.BatchNorm2d(outChannels));

            public override Tensor forward(Tensor x)
            {
                int k = Kernel(op);
                switch (op)
                {
                    case CellOp.AvgPool3x3:
                        return Project(nn.functional.avg_pool2d(x, k, stride, k / 2, count_include_pad: false));
                    case CellOp.MaxPool3x3 or CellOp.MaxPool5x5 or CellOp.MaxPool7x7:
                        return Project(nn.functional.max_pool2d(x, k, stride, k / 2));
                    case CellOp.SepConv3x3 or CellOp.SepConv5x5 or CellOp.SepConv7x7:
                        return sep2!.call(sep1!.call(x));
                    case CellOp.Conv1x3Then3x1 or CellOp.Conv1x7Then7x1:
                        return bn!.call(conv2!.call(conv1!.call(x.relu())));
                    default: // identity (projected or not) and the plain convs
                        return conv is null ? x : bn!.call(conv.call(x.relu()));
                }
            }

            /// <summary>After a pool: 1x1 conv + BN (no ReLU) when the width changes.</summary>
            private Tensor Project(Tensor pooled) => conv is null ? pooled : bn!.call(conv.call(pooled));
        }
    """;

    public const string Cell = """
        /// <summary>The two operations of one cell block ("left" reads Input1, "right" reads Input2).</summary>
        public sealed class CellBlockOps : nn.Module
        {
            private readonly CellOperation left;
            private readonly CellOperation right;

            public CellBlockOps(CellOperation left, CellOperation right) : base(nameof(CellBlockOps))
            {
                this.left = left;
                this.right = right;
                RegisterComponents();
            }

            public Tensor Apply(Tensor input1, Tensor input2) => left.call(input1) + right.call(input2);
        }

        /// <summary>
        /// One NASNet cell (TF-slim semantics): inputs brought to F channels, blocks of op(a) + op(b), output the
        /// concatenation of the genotype's Concat states (adjusted to the last block's shape where they differ).
        /// Reduction cells apply stride 2 to ops reading the cell inputs.
        /// </summary>
        public sealed class Cell : nn.Module<Tensor, Tensor?, Tensor>
        {
            private readonly nn.Module<Tensor, Tensor>? prev;
            private readonly ReluConvBn cur;
            private readonly ModuleList<CellBlockOps> blocks = new();
            private readonly ModuleDict<nn.Module<Tensor, Tensor>> concat = new();
            private readonly CellGenotype genotype;
            private readonly bool reducePrev;

            public Cell(CellGenotype genotype, bool reduction, int filters, Shape cur, Shape? prev) : base(nameof(Cell))
            {
                this.genotype = genotype;
                Shape p;
                if (prev is not Shape before) p = cur; // the first stem cell has no h_(i-1): it uses its raw h_i
                else if (before.Side != cur.Side)
                {
                    this.prev = new FactorizedReduction(before.Channels, filters);
                    reducePrev = true;
                    p = new Shape(2 * (filters / 2), cur.Side);
                }
                else if (before.Channels != filters)
                {
                    this.prev = new ReluConvBn(before.Channels, filters);
                    p = new Shape(filters, before.Side);
                }
                else p = before;
                this.cur = new ReluConvBn(cur.Channels, filters);

                var states = new List<Shape> { p, new(filters, cur.Side) };
                foreach (var b in genotype.Blocks)
                {
                    int stride1 = Stride(reduction, b.Input1), stride2 = Stride(reduction, b.Input2);
                    blocks.Add(new CellBlockOps(
                        new CellOperation(b.Op1, states[b.Input1].Channels, filters, stride1),
                        new CellOperation(b.Op2, states[b.Input2].Channels, filters, stride2)));
                    states.Add(new Shape(filters, (states[b.Input1].Side + stride1 - 1) / stride1));
                }

                var last = states[^1];
                int channels = 0;
                foreach (int s in genotype.Concat)
                {
                    var state = states[s];
                    if (state == last) { channels += state.Channels; continue; }
                    var key = s.ToString(CultureInfo.InvariantCulture);
                    if (state.Side != last.Side)
                    {
                        concat.Add(key, new FactorizedReduction(state.Channels, last.Channels));
                        channels += 2 * (last.Channels / 2);
                    }
                    else
                    {
                        concat.Add(key, new ReluConvBn(state.Channels, last.Channels, relu: false));
                        channels += last.Channels;
                    }
                }
                Output = new Shape(channels, last.Side);
                RegisterComponents();
            }

            /// <summary>Shape of the cell's output.</summary>
            public Shape Output { get; }

            private static int Stride(bool reduction, int input) => reduction && input < 2 ? 2 : 1;

            /// <param name="hCur">h_i, the previous cell's output.</param>
            /// <param name="hPrev">h_(i-1), the output before it; null for the first stem cell.</param>
            public override Tensor forward(Tensor hCur, Tensor? hPrev)
            {
                var p = hPrev is null ? hCur : prev is null ? hPrev : prev.call(reducePrev ? hPrev.relu() : hPrev);
                var states = new List<Tensor> { p, cur.call(hCur) };
                for (int b = 0; b < genotype.Blocks.Length; b++)
                    states.Add(blocks[b].Apply(states[genotype.Blocks[b].Input1], states[genotype.Blocks[b].Input2]));
                var parts = new List<Tensor>();
                foreach (int s in genotype.Concat)
                    parts.Add(concat.TryGetValue(s.ToString(CultureInfo.InvariantCulture), out var adjust) ? adjust.call(states[s]) : states[s]);
                return cat(parts, 1);
            }
        }
    """;

    public const string CellHead = """
        /// <summary>ReLU, global average pool, dropout, linear classifier.</summary>
        public sealed class CellHead : nn.Module<Tensor, Tensor>
        {
            private readonly Dropout dropout;
            private readonly Linear classifier;

            public CellHead(int inChannels, int classes, double dropout) : base(nameof(CellHead))
            {
                this.dropout = nn.Dropout(dropout);
                classifier = nn.Linear(inChannels, classes);
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => classifier.call(dropout.call(GlobalAvgPool(x.relu()).flatten(1)));
        }
    """;
}
