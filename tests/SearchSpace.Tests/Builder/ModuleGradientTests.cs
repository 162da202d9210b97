using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Engine;
using NasLab.SearchSpace.Tests.Builder.Support;
using static TorchSharp.torch;

namespace NasLab.SearchSpace.Tests.Builder;

/// <summary>
/// Autograd gradients of our own modules against central finite differences (float64), for the
/// input and every parameter, BN in training mode. Shapes are odd where a split, a shift or a
/// ceil-mode pool could go wrong at an edge.
/// </summary>
public class ModuleGradientTests
{
    public ModuleGradientTests() => TorchEngine.EnsureInitialized();

    private static void Check(nn.Module<Tensor, Tensor> module, params long[] inputShape)
    {
        using (module)
            GradCheck.AssertModuleGradients(module, [inputShape], x => module.call(x[0]), seed: inputShape.Aggregate(17, (a, b) => a * 31 + (int)b));
    }

    [Fact]
    public void MixConvWithRemainderChannelsAndStride() => Check(new MixConv(7, [3, 5, 7], 2), 2, 7, 5, 5);

    [Theory]
    [InlineData(SeStyle.Block, Activation.Swish)]
    [InlineData(SeStyle.HardSigmoid, Activation.HardSwish)] // V3 style: ReLU inside, hard-sigmoid gate
    public void SqueezeExcite(SeStyle style, Activation act) => Check(new SqueezeExcite(6, 2, style, act), 2, 6, 3, 3);

    public static TheoryData<string, BlockSpec, int, int> Blocks => new()
    {
        { "regular conv + SE", new BlockSpec { Op = BlockOp.Conv, Kernels = [3], OutChannels = 4, SeRatio = 0.5, Activation = Activation.ReLU6 }, 3, 2 },
        { "sep conv + SE + pw act + residual", new BlockSpec { Op = BlockOp.SepConv, Kernels = [5], OutChannels = 4, SeRatio = 0.25, Activation = Activation.HardSwish, ProjectActivation = true }, 4, 1 },
        { "MBConv + SE + residual", new BlockSpec { Op = BlockOp.MBConv, Kernels = [3], Expansion = 2, OutChannels = 4, SeRatio = 0.25, Activation = Activation.Swish }, 4, 1 },
        { "MBConv mixed kernels, grouped 1x1s, no skip", new BlockSpec { Op = BlockOp.MBConv, Kernels = [3, 5], Expansion = 3, OutChannels = 6, ExpandGroups = 2, ProjectGroups = 2, Skip = SkipOp.None }, 4, 2 },
        { "MBConv pool skip, stride 2, projection, V3 SE", new BlockSpec { Op = BlockOp.MBConv, Kernels = [3], ExpandedChannels = 8, OutChannels = 6, SeRatio = 0.25, SeStyle = SeStyle.HardSigmoid, Skip = SkipOp.Pool, Activation = Activation.HardSwish }, 4, 2 },
        { "MBConv pool skip, stride 1, no projection", new BlockSpec { Op = BlockOp.MBConv, Kernels = [3], Expansion = 2, OutChannels = 4, Skip = SkipOp.Pool }, 4, 1 },
    };

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Block(string what, BlockSpec spec, int cin, int stride)
    {
        Assert.NotEmpty(what);
        Check(new BlockModule(spec, cin, stride), 2, cin, 5, 5);
    }

    [Theory]
    [InlineData(ClassifierKind.Linear)]
    [InlineData(ClassifierKind.Conv1x1)]
    public void Head(ClassifierKind classifier)
    {
        var spec = new HeadSpec { ConvChannels = 6, ConvActivation = Activation.HardSwish, HiddenFeatures = classifier == ClassifierKind.Linear ? 5 : null, Classifier = classifier };
        Check(new HeadModule(spec, 4, 3), 2, 4, 3, 3);
    }

    [Fact]
    public void FactorizedReductionOnAnOddSide() => Check(new FactorizedReduction(4, 6), 2, 4, 5, 5);

    [Fact]
    public void DilatedReluConvBn() => Check(new ReluConvBn(4, 5, 3, 1, dilation: 2), 2, 4, 5, 5);

    [Fact]
    public void SeparableConvBn() => Check(new SeparableConvBn(4, 5, 3, 2), 2, 4, 5, 5);

    public static TheoryData<CellOp, int, int, int> CellOpCases()
    {
        var data = new TheoryData<CellOp, int, int, int>();
        foreach (var op in Enum.GetValues<CellOp>()) data.Add(op, 4, 6, 2); // width change and stride: every projection
        data.Add(CellOp.Identity, 4, 4, 1);   // alias
        data.Add(CellOp.AvgPool3x3, 4, 4, 1); // pool only, count_include_pad = false at the borders
        return data;
    }

    [Theory]
    [MemberData(nameof(CellOpCases))]
    public void CellOperation(CellOp op, int cin, int f, int stride) => Check(new CellOpModule(op, cin, f, stride), 2, cin, 5, 5);

    /// <summary>A whole reduction cell: factorized prev, stride-2 ops on both inputs, a concat state needing reduction.</summary>
    [Fact]
    public void ReductionCellWithBothInputs()
    {
        var genotype = new CellGenotype
        {
            Blocks = [new CellBlock(0, CellOp.SepConv3x3, 1, CellOp.MaxPool3x3), new CellBlock(2, CellOp.Identity, 1, CellOp.AvgPool3x3)],
            Concat = [1, 2, 3],
        };
        using var cell = new CellModule(genotype, reduction: true, f: 4, cur: new CellModule.Shape(4, 4), prev: new CellModule.Shape(6, 8));
        GradCheck.AssertModuleGradients(cell, [[2, 4, 4, 4], [2, 6, 8, 8]], x => cell.call(x[0], x[1]), seed: 5);
    }
}
