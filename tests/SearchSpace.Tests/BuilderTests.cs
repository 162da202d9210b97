using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Scaling;
using NasLab.SearchSpace.Spaces;
using NasLab.SearchSpace.Zoo;
using NasLab.Torch;

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
        using var scope = DisposeScope.Begin();
        using var module = NetworkBuilder.Build(arch);
        Assert.Equal(cost.Params, module.ParameterCount());
        // Per layer: parameters grouped by owning layer name ("stages.2.0.dw.conv.1") carry the analytic count.
        var built = module.NamedParameters()
            .GroupBy(p => p.Name[..p.Name.LastIndexOf('.')])
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Parameter.NumElements));
        var analytic = cost.Layers.ToDictionary(l => l.Name, l => l.Params);
        Assert.Equal(analytic.Keys.Order(), built.Keys.Order());
        foreach (var (layer, count) in analytic) Assert.True(built[layer] == count, $"{name}: {layer} built {built[layer]}, analytic {count}");
    }

    [Theory]
    [InlineData("mobilenet-v1-0.5-cifar", 32)]
    [InlineData("mobilenet-v2", 64)]
    [InlineData("mobilenet-v3-large", 64)]
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
        using var scope = DisposeScope.Begin();
        using var module = NetworkBuilder.Build(arch);
        module.Eval();
        using var noGrad = Autograd.NoGrad();
        var y = module.Forward(Tensor.Randn([2, 3, resolution, resolution]));
        Assert.Equal(new long[] { 2, arch.NumClasses }, y.Shape);
        Assert.True(y.IsFinite().ToArray<bool>().All(v => v));
    }

    [Fact]
    public void CifarAdaptedMobileNetV2TrainsAStep()
    {
        var arch = CifarAdaptation.Apply((BlockNetwork)NetworkScaling.Width(ModelZoo.Get("mobilenet-v2"), 0.5), new CifarOptions());
        using var scope = DisposeScope.Begin();
        using var module = NetworkBuilder.Build(arch);
        var x = Tensor.Randn([4, 3, 32, 32]);
        var loss = Functional.CrossEntropy(module.Forward(x), Tensor.From(new long[] { 0, 1, 2, 3 }));
        loss.Backward();
        Assert.All(module.Parameters(), p => Assert.NotNull(p.Grad));
        Assert.Equal(CostModel.Compute(arch).Params, module.ParameterCount());
    }

    /// <summary>
    /// Forward passes free their intermediates as they go (as Python's refcounting does), so only the
    /// output is left in the caller's scope, and the backward pass still works.
    /// </summary>
    [Theory]
    [InlineData("mixnet-s", 64)]
    [InlineData("nasnet-a-cifar", 32)]
    public void ForwardLeavesOnlyItsOutputInTheDisposeScope(string name, int resolution)
    {
        var arch = ModelZoo.Get(name) with { InputResolution = resolution, NumClasses = 10 };
        using var module = NetworkBuilder.Build(arch);
        using var x = Tensor.Randn([2, 3, resolution, resolution]).DetachFromDisposeScope();
        using var scope = DisposeScope.Begin();
        var y = module.Forward(x);
        Assert.Equal(1, scope.Count);
        Functional.CrossEntropy(y, Tensor.From(new long[] { 1, 2 })).Backward();
        Assert.All(module.Parameters(), p => Assert.NotNull(p.Grad));
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
            using var scope = DisposeScope.Begin();
            using var module = NetworkBuilder.Build(arch);
            Assert.Equal(CostModel.Compute(arch).Params, module.ParameterCount());
            module.Eval();
            using var noGrad = Autograd.NoGrad();
            var y = module.Forward(Tensor.Randn([2, 3, arch.InputResolution, arch.InputResolution]));
            Assert.True(y.Shape.SequenceEqual(new long[] { 2, arch.NumClasses }), $"{spaceName} sample {seed}: output [{string.Join(", ", y.Shape)}]");
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

    private static CellNetwork Small(CellNetwork t) => t with { CellsPerStack = 1, Filters = 8, StemFilters = 24 };
}
