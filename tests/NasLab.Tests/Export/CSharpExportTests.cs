using NasLab.Search.Store.LiteDb;
using NasLab.Cli.Commands;
using NasLab.Cli.Export;
using NasLab.Search.Store;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Json;
using NasLab.SearchSpace.Text;
using NasLab.SearchSpace.Zoo;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Spaces;
using NasLab.Tests.Support;
using static TorchSharp.torch;

namespace NasLab.Tests.Export;

/// <summary>
/// Generated C# against the search space's builder: compiled with Roslyn against TorchSharp alone, it must have
/// the builder's state names and parameter count, load the builder module's saved weights strictly, and compute
/// the same logits.
/// </summary>
public sealed class CSharpExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("mobilenet-v2", 64)]
    [InlineData("mnasnet-a1", 64)]
    [InlineData("mixnet-s", 64)]
    [InlineData("mobilenet-v3-large", 64)]
    [InlineData("mobilenet-v1-0.5-cifar", 32)]
    public void Zoo_network_code_matches_the_builder(string name, int resolution)
    {
        var net = ModelZoo.Get(name);
        var code = CSharpModelGenerator.Generate(net, ClassNames.ForZoo(name), $"zoo network '{name}'");
        AssertEquivalentToBuilder(net with { InputResolution = resolution }, code, ClassNames.ForZoo(name));
    }

    [Fact]
    public void Code_covering_every_block_feature_matches_the_builder()
    {
        var net = ModelFixtures.EveryBlockFeature();
        var code = CSharpModelGenerator.Generate(net, "FeatureZoo", "a test");
        Assert.Contains("new MixConv(", code);
        Assert.Contains("new ConvBlock(", code);
        Assert.Contains("seGate: Gate.HardSigmoid", code);
        AssertEquivalentToBuilder(net, code, "FeatureZoo");
    }

    [Fact]
    public void Export_command_writes_code_for_a_random_MnasNet_trial_that_matches_the_builder()
    {
        var net = ModelFixtures.RandomMnasNet(seed: 7);
        var db = _dir.File("trials.db");
        using (var store = LiteDbTrialStore.Create(db, Samples.Identity with { Name = "quickstart" }))
        {
            for (int i = 1; i <= 12; i++)
                store.BeginTrial(new TrialProposal([i], ArchitectureJson.Serialize(net), NetworkString.Format(net), $"h{i}", i));
        }
        var file = _dir.File("out/QuickstartTrial12.cs");

        var (code, stdout, stderr) = NasLabCli.Run("export", db, "12", "--format", "csharp", "-o", file);

        Assert.Equal((ExitCodes.Ok, ""), (code, stderr));
        Assert.Contains("QuickstartTrial12", stdout);
        var source = File.ReadAllText(file);
        Assert.Contains("public sealed class QuickstartTrial12 : nn.Module<Tensor, Tensor>", source);
        // Each stage is a named property with its block string, and no decision indices leak into the code.
        for (int i = 0; i < net.Stages.Count; i++)
            if (net.Stages[i].Repeats > 0)
            {
                Assert.Contains($"// Stage {i}: {BlockString.Format(net.Stages[i])}\n", source);
                Assert.Contains($"public Stage Stage{i} => stages[{i}];", source);
            }
        Assert.DoesNotContain("decision", source, StringComparison.OrdinalIgnoreCase);
        AssertEquivalentToBuilder(net, source, "QuickstartTrial12");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Random_MixNet_space_networks_match_the_builder(int seed)
    {
        var net = ModelFixtures.RandomMixNet(seed, resolution: 48);
        var code = CSharpModelGenerator.Generate(net, "MixNetSample", "a test");
        AssertEquivalentToBuilder(net, code, "MixNetSample");
    }

    [Theory]
    [InlineData("nasnet-a-mobile")]
    [InlineData("nasnet-a-cifar")]
    public void Zoo_cell_network_code_matches_the_builder(string name)
    {
        // Fewer cells and a small input keep the test quick; stem cells, both reductions and the wiring stay.
        var net = (CellNetwork)ModelZoo.Get(name);
        net = net with { CellsPerStack = 1, InputResolution = net.Stem == CellStem.ImageNet ? 64 : 32 };
        var className = ClassNames.ForZoo(name);
        var code = CSharpModelGenerator.Generate(net, className, $"zoo network '{name}'");
        if (net.Stem == CellStem.ImageNet) Assert.Contains("stem_cells.Add(new Cell(ReductionCell, reduction: true, filters: 11, cur: x0, prev: null));", code);
        AssertEquivalentToBuilder(net, code, className);
    }

    [Theory]
    [InlineData("nasnet", 4)]
    [InlineData("nasnet", 5)]
    [InlineData("enas", 6)]
    public void Random_cell_space_networks_match_the_builder(string space, int seed)
    {
        var net = ModelFixtures.RandomCellNetwork(space == "enas" ? SearchSpaces.Enas() : SearchSpaces.NasNet(), seed);
        var code = CSharpModelGenerator.Generate(net, "CellSample", "a test");
        Assert.Contains("// Normal cell:    " + CellString.Format(net.Normal) + "\n", code);
        Assert.DoesNotContain("decision", code, StringComparison.OrdinalIgnoreCase);
        AssertEquivalentToBuilder(net, code, "CellSample");
    }

    [Fact]
    public void Export_command_writes_cell_network_code()
    {
        var file = _dir.File("NasNetACifar.cs");

        var (code, stdout, stderr) = NasLabCli.Run("export", _dir.File("unused.db"), "nasnet-a-cifar", "--format", "csharp", "-o", file);

        Assert.Equal((ExitCodes.Ok, ""), (code, stderr));
        Assert.Contains("C# class NasNetACifar", stdout);
        Assert.Contains("public sealed class NasNetACifar : nn.Module<Tensor, Tensor>", File.ReadAllText(file));
    }

    [Theory]
    [InlineData("mnasnet-a1", "MnasNetA1")]
    [InlineData("mobilenet-v3-large", "MobileNetV3Large")]
    [InlineData("mobilenet-v1-0.5-cifar", "MobileNetV1_0_5Cifar")]
    [InlineData("efficientnet-b0", "EfficientNetB0")]
    [InlineData("stage", "StageNet")]
    [InlineData("3-layer net", "Net3LayerNet")]
    public void Class_names_are_readable_identifiers(string name, string expected) =>
        Assert.Equal(expected, ClassNames.ForZoo(name));

    [Fact]
    public void Trial_class_names_combine_experiment_and_trial() =>
        Assert.Equal("QuickstartTrial12", ClassNames.ForTrial("quickstart", 12));

    /// <summary>Builder module vs compiled generated class: state names, parameter count, weights loaded strictly from the builder's file, logits.</summary>
    private void AssertEquivalentToBuilder(NetworkArchitecture net, string source, string className)
    {
        using var scope = NewDisposeScope();
        using var reference = NetworkBuilder.Build(net);
        ModelFixtures.RandomizeBatchNorms(reference, seed: 11);
        var weights = _dir.File(className + ".bin");
        reference.save(weights);

        using var generated = GeneratedModelCompiler.Instantiate(source, className);
        Assert.Equal(reference.state_dict().Keys, generated.state_dict().Keys);
        long Count(nn.Module m) => m.parameters().Sum(p => p.numel());
        Assert.Equal(CostModel.Compute(net).Params, Count(generated));
        Assert.Equal(Count(reference), Count(generated));
        generated.load(weights, strict: true);

        reference.eval();
        generated.eval();
        using var noGrad = no_grad();
        using var generator = new Generator(5);
        var images = randn([2, 3, net.InputResolution, net.InputResolution], generator: generator);
        var expected = reference.call(images).data<float>().ToArray();
        var actual = generated.call(images).data<float>().ToArray();
        Assert.Equal(2 * net.NumClasses, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-5, $"{className}: logits differ by up to {worst}");
        // Guard against a vacuous pass: the logits must actually depend on the input.
        Assert.True(expected.Max() - expected.Min() > 1e-3, "the reference logits are constant");
    }
}
