using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Scaling;
using NasLab.SearchSpace.Spaces;
using NasLab.SearchSpace.Zoo;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NasLab.SearchSpace.Tests;

/// <summary>The built modules against the analytic cost model and the expected output shapes.</summary>
public class BuilderTests
{
    public static IEnumerable<object[]> ZooNames => ModelZoo.Names.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(ZooNames))]
    public void BuiltModuleHasExactlyTheCostModelsLayers(string name)
    {
        var arch = ModelZoo.Get(name);
        var cost = CostModel.Compute(arch);
        using var scope = torch.NewDisposeScope();
        using var module = NetworkBuilder.Build(arch);
        Assert.Equal(cost.Params, ParameterCount(module));
        // Per layer: parameters grouped by owning layer name ("stages.2.0.dw.conv.1") carry the analytic count.
        var built = module.named_parameters()
            .GroupBy(p => p.name[..p.name.LastIndexOf('.')])
            .ToDictionary(g => g.Key, g => g.Sum(p => p.parameter.numel()));
        var analytic = cost.Layers.ToDictionary(l => l.Name, l => l.Params);
        Assert.Equal(analytic.Keys.Order(), built.Keys.Order());
        foreach (var (layer, count) in analytic) Assert.True(built[layer] == count, $"{name}: {layer} built {built[layer]}, analytic {count}");
    }

    [Theory]
    [InlineData("mobilenet-v1-0.5-cifar", 32)]
    [InlineData("mobilenet-v2", 64)]
    [InlineData("mobilenet-v3-large", 64)]
    [InlineData("mobilenet-v3-small", 64)]
    [InlineData("mnasnet-a1", 64)]
    [InlineData("mnasnet-b1", 64)]
    [InlineData("efficientnet-b0", 64)]
    [InlineData("mixnet-s", 64)]
    [InlineData("mixnet-m", 64)]
    [InlineData("nasnet-a-mobile", 64)]
    [InlineData("nasnet-a-cifar", 32)]
    public void ForwardPassGivesOneLogitRowPerImage(string name, int resolution)
    {
        var arch = ModelZoo.Get(name) with { InputResolution = resolution };
        using var scope = torch.NewDisposeScope();
        using var module = NetworkBuilder.Build(arch);
        module.eval();
        using var noGrad = torch.no_grad();
        var y = module.call(torch.randn(2, 3, resolution, resolution));
        Assert.Equal(new long[] { 2, arch.NumClasses }, y.shape);
        Assert.True(y.isfinite().all().item<bool>());
    }

    [Fact]
    public void CifarAdaptedMobileNetV2TrainsAStep()
    {
        var arch = CifarAdaptation.Apply((BlockNetwork)NetworkScaling.Width(ModelZoo.Get("mobilenet-v2"), 0.5), new CifarOptions());
        using var scope = torch.NewDisposeScope();
        using var module = NetworkBuilder.Build(arch);
        var x = torch.randn(4, 3, 32, 32);
        var loss = F.cross_entropy(module.call(x), torch.tensor(new long[] { 0, 1, 2, 3 }));
        loss.backward();
        Assert.All(module.parameters(), p => Assert.NotNull(p.grad));
        Assert.Equal(CostModel.Compute(arch).Params, ParameterCount(module));
    }

    /// <summary>
    /// Every builder module frees its intermediates as it goes (as Python's refcounting does): after
    /// its forward exactly one more tensor is alive on the thread, its output. Checked per module
    /// (blocks, cells, ops, SE...), so the network's safety-net dispose scope cannot hide a module
    /// that keeps its temporaries until the end of the step. The backward pass still works.
    /// </summary>
    [Theory]
    [InlineData("mixnet-s", 64)]
    [InlineData("mobilenet-v3-large", 32)]
    [InlineData("nasnet-a-cifar", 32)]
    public void EveryModuleForwardLeavesOnlyItsOutputAlive(string name, int resolution)
    {
        var arch = ModelZoo.Get(name) with { InputResolution = resolution, NumClasses = 10 };
        using var module = NetworkBuilder.Build(arch);
        var leaks = new List<string>();
        var open = new Stack<long>();
        static long Live() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        void After(nn.Module m)
        {
            long extra = Live() - open.Pop();
            if (extra != 1) leaks.Add($"{m.GetType().Name}: {extra} tensors alive after forward");
        }
        int hooked = 0;
        foreach (var m in module.modules().Prepend(module).Where(m => m.GetType().Namespace == typeof(NetworkBuilder).Namespace))
        {
            hooked++;
            if (m is nn.Module<Tensor, Tensor> one)
            {
                one.register_forward_pre_hook((_, x) => { open.Push(Live()); return null!; });
                one.register_forward_hook((mm, _, _) => { After(mm); return null!; });
            }
            else if (m is CellModule cell)
            {
                cell.register_forward_pre_hook((_, _, _) => { open.Push(Live()); return null; });
                cell.register_forward_hook((mm, _, _, _) => { After(mm); return null!; });
            }
        }
        Assert.True(hooked > 10, $"only {hooked} builder modules found");

        using var x = torch.randn(2, 3, resolution, resolution);
        using var scope = torch.NewDisposeScope();
        var y = module.call(x);
        Assert.Empty(leaks);
        Assert.Empty(open);
        Assert.Same(y, Assert.Single(scope.DisposablesView));
        F.cross_entropy(y, torch.tensor(new long[] { 1, 2 })).backward();
        Assert.All(module.parameters(), p => Assert.NotNull(p.grad));
    }

    public static IEnumerable<object[]> Spaces => new[]
    {
        new object[] { "mnasnet", 60 }, new object[] { "mixnet", 60 }, new object[] { "nasnet", 40 }, new object[] { "enas", 40 },
    };

    /// <summary>Random decisions always decode to a network that builds, runs and matches its analytic cost.</summary>
    [Theory]
    [MemberData(nameof(Spaces))]
    public void RandomArchitecturesOfEverySpaceBuildAndRun(string spaceName, int samples)
    {
        var space = SmallSpace(spaceName);
        var rng = new Random(17);
        for (int seed = 0; seed < samples; seed++)
        {
            var decisions = space.Schema.Decisions.Select(d => rng.Next(d.Count)).ToArray();
            var arch = space.Decode(decisions);
            using var scope = torch.NewDisposeScope();
            using var module = NetworkBuilder.Build(arch);
            Assert.Equal(CostModel.Compute(arch).Params, ParameterCount(module));
            module.eval();
            using var noGrad = torch.no_grad();
            var y = module.call(torch.randn(2, 3, arch.InputResolution, arch.InputResolution));
            Assert.True(y.shape.SequenceEqual(new long[] { 2, arch.NumClasses }), $"{spaceName} sample {seed}: output [{string.Join(", ", y.shape)}]");
        }
    }

    /// <summary>Spaces at CIFAR size, with the cell template shrunk (N = 1, F = 8) to keep the test fast.</summary>
    private static ISearchSpace SmallSpace(string name) => name switch
    {
        "mnasnet" => new FactorizedHierarchicalSpace(FactorizedSpaceOptions.MnasNet with { InputResolution = 32, NumClasses = 10 }),
        "mixnet" => new FactorizedHierarchicalSpace(FactorizedSpaceOptions.MixNet with { InputResolution = 32, NumClasses = 10 }),
        "nasnet" => new CellSearchSpace(CellSpaceOptions.NasNet with { Template = Small(CellSpaceOptions.NasNet.Template) }),
        "enas" => new CellSearchSpace(CellSpaceOptions.Enas with { Template = Small(CellSpaceOptions.Enas.Template) }),
        _ => throw new ArgumentException(name),
    };

    private static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    private static CellNetwork Small(CellNetwork t) => t with { CellsPerStack = 1, Filters = 8, StemFilters = 24 };
}
