using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Blocks;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Spaces;
using TorchSharp;

namespace NasLab.SearchSpace.Tests.Blocks;

/// <summary>
/// The block definitions (src/SearchSpace/Blocks) against hand-derived plans, and the builder and the cost
/// model against the plans: both must register / record exactly the plan's named parts, in plan order.
/// </summary>
public class BlockPlanTests
{
    public static IEnumerable<object[]> Samples() =>
        from space in new[] { "mnasnet", "mixnet" }
        from seed in Enumerable.Range(1, 6)
        select new object[] { space, seed };

    [Theory]
    [MemberData(nameof(Samples))]
    public void BuilderAndCostModelRegisterExactlyThePlansParts(string space, int seed)
    {
        var net = Sample(space, seed);
        var repeats = BlockRepeats.Of(net);
        Assert.Equal(net.Stages.Sum(s => s.Repeats), repeats.Count);
        var layers = CostModel.Compute(net).Layers;

        using var scope = torch.NewDisposeScope();
        using var module = NetworkBuilder.Build(net);
        // Layer names in registration order: the owner of each parameter, first appearance.
        var built = module.named_parameters().Select(p => p.name[..p.name.LastIndexOf('.')]).Distinct().ToList();
        var blocks = ((BlockNetworkModule)module).Blocks;
        Assert.Equal(repeats.Count, blocks.Count);

        for (int r = 0; r < repeats.Count; r++)
        {
            var (name, plan) = (repeats[r].Name, repeats[r].Plan);
            var expected = LayerNames(plan).Select(l => $"{name}.{l}").ToList();
            Assert.Equal(expected, built.Where(n => n.StartsWith(name + ".", StringComparison.Ordinal)).ToList());
            Assert.Equal(expected, layers.Select(l => l.Name).Where(n => n.StartsWith(name + ".", StringComparison.Ordinal)).ToList());
            // The block's direct children are the plan's parts (inline parts contribute "conv" and "bn").
            var partNames = plan.Parts.SelectMany(p => p.Name is null ? new[] { "conv", "bn" } : [p.Name]).ToList();
            Assert.Equal(partNames, blocks[r].named_children().Select(c => c.name).ToList());
            Assert.Equal(plan.Shortcut.Kind == ShortcutKind.Identity, blocks[r].HasIdentityShortcut);
        }
    }

    [Fact]
    public void MBConvPlanWithMixConvSePoolSkipAndProjection()
    {
        var b = new BlockSpec
        {
            Op = BlockOp.MBConv, Kernels = [3, 5, 7], Stride = 2, OutChannels = 40, Expansion = 2.5, SeRatio = 0.25,
            Skip = SkipOp.Pool, Activation = Activation.Swish, ExpandGroups = 2, ProjectGroups = 2,
        };
        var plan = BlockPlan.Of(b, 16, 2);
        Assert.Equal(40, plan.MidChannels);
        Assert.Equal(4, plan.Body.Count);
        Assert.Equal(new ConvBnActPart("expand", 16, 40, 1, 1, 2, Activation.Swish), plan.Body[0]);
        var dw = Assert.IsType<DepthwisePart>(plan.Body[1]);
        Assert.Equal((40, 2, Activation.Swish), (dw.Channels, dw.Stride, dw.Activation));
        Assert.Equal([14, 13, 13], dw.Splits); // remainder to the first group
        Assert.Equal(["dw.conv.0", "dw.conv.1", "dw.conv.2"], Enumerable.Range(0, 3).Select(dw.ConvName));
        // Block style SE: r = max(1, int(16 * 0.25)) = 4, block activation, sigmoid.
        Assert.Equal(new SqueezeExcitePart("se", 40, 4, Activation.Swish, SeGate.Sigmoid), plan.Body[2]);
        Assert.Equal(new ConvBnActPart("project", 40, 40, 1, 1, 2, Activation.None), plan.Body[3]);
        Assert.Equal(new BlockShortcut(ShortcutKind.Pool, 2, new ConvBnActPart("skip", 16, 40, 1, 1, 1, Activation.None)), plan.Shortcut);
    }

    [Fact]
    public void MBConvWithoutExpansionHasNoExpandAndV3SqueezeExcite()
    {
        var b = new BlockSpec { Op = BlockOp.MBConv, OutChannels = 16, Expansion = 1, SeRatio = 0.25, SeStyle = SeStyle.HardSigmoid, Activation = Activation.HardSwish };
        var plan = BlockPlan.Of(b, 16, 1);
        Assert.Equal(["dw", "se", "project"], plan.Body.Select(p => p.Name));
        // MobileNetV3: make_divisible(16 * 0.25 = 4) = 8, ReLU, hard sigmoid.
        Assert.Equal(new SqueezeExcitePart("se", 16, 8, Activation.ReLU, SeGate.HardSigmoid), plan.SqueezeExcite);
        Assert.Equal(ShortcutKind.Identity, plan.Shortcut.Kind);
    }

    [Fact]
    public void SeparableAndRegularConvBodies()
    {
        var sep = BlockPlan.Of(new BlockSpec { Op = BlockOp.SepConv, Kernels = [3], OutChannels = 64, ProjectActivation = true, ProjectGroups = 2, Activation = Activation.ReLU6 }, 32, 1);
        Assert.Equal(32, sep.MidChannels);
        Assert.Equal<BlockPart>(new DepthwisePart("dw", 32, [3], 1, Activation.ReLU6), sep.Body[0]);
        Assert.Equal(new ConvBnActPart("pw", 32, 64, 1, 1, 2, Activation.ReLU6), sep.Body[1]);
        Assert.Equal(["dw.conv", "dw.bn"], new[] { ((DepthwisePart)sep.Body[0]).ConvName(0), ((DepthwisePart)sep.Body[0]).BnName });

        var conv = BlockPlan.Of(new BlockSpec { Op = BlockOp.Conv, Kernels = [5], Stride = 2, OutChannels = 24, SeRatio = 0.5 }, 16, 2);
        Assert.Equal(new ConvBnActPart(null, 16, 24, 5, 2, 1, Activation.ReLU), conv.Body[0]);
        Assert.Equal(("conv", "bn"), (((ConvBnActPart)conv.Body[0]).ConvName, ((ConvBnActPart)conv.Body[0]).BnName));
        // The SE of a regular conv acts on its output width; block style reduces from the input: int(16 * 0.5) = 8.
        Assert.Equal(new SqueezeExcitePart("se", 24, 8, Activation.ReLU, SeGate.Sigmoid), conv.SqueezeExcite);
    }

    [Theory]
    [InlineData(SkipOp.Identity, 32, 32, 1, ShortcutKind.Identity, false)]
    [InlineData(SkipOp.Identity, 32, 32, 2, ShortcutKind.None, false)]
    [InlineData(SkipOp.Identity, 16, 32, 1, ShortcutKind.None, false)]
    [InlineData(SkipOp.None, 32, 32, 1, ShortcutKind.None, false)]
    [InlineData(SkipOp.Pool, 32, 32, 2, ShortcutKind.Pool, false)]
    [InlineData(SkipOp.Pool, 16, 32, 1, ShortcutKind.Pool, true)]
    public void TheShortcutRule(SkipOp skip, int cin, int cout, int stride, ShortcutKind kind, bool projected)
    {
        var b = new BlockSpec { Op = BlockOp.MBConv, Expansion = 6, OutChannels = cout, Stride = stride, Skip = skip };
        var shortcut = BlockPlan.Of(b, cin, stride).Shortcut;
        Assert.Equal(kind, shortcut.Kind);
        Assert.Equal(projected, shortcut.Projection is not null);
        Assert.Equal(kind != ShortcutKind.None, b.HasShortcut(cin, 0));
    }

    /// <summary>The plan's layer names, walked independently of the consumers.</summary>
    private static IEnumerable<string> LayerNames(BlockPlan plan) => plan.Parts.SelectMany(part => part switch
    {
        ConvBnActPart p => new[] { p.ConvName, p.BnName },
        DepthwisePart p => p.Splits.Select((_, g) => p.ConvName(g)).Append(p.BnName),
        SqueezeExcitePart p => [p.ReduceName, p.ExpandName],
        _ => throw new InvalidOperationException(part.GetType().Name),
    });

    private static BlockNetwork Sample(string space, int seed)
    {
        var s = space == "mnasnet" ? SearchSpaces.MnasNet() : SearchSpaces.MixNet();
        var random = new Random(seed);
        var decisions = s.Schema.Decisions.Select(d => random.Next(d.Count)).ToArray();
        return (BlockNetwork)s.Decode(decisions) with { InputResolution = 64 };
    }
}
