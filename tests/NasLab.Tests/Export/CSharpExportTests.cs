using NasLab.Cli.Commands;
using NasLab.Cli.Export;
using NasLab.Cli.Store;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Json;
using NasLab.SearchSpace.Text;
using NasLab.SearchSpace.Zoo;
using NasLab.Tests.Support;
using NasLab.Torch.Nn;
using NasLab.Torch;

namespace NasLab.Tests.Export;

/// <summary>
/// Generated C# against the search space's builder: compiled with Roslyn, it must have the builder's parameter
/// names and count, accept the builder module's saved weights, and compute the same logits.
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
        using (var store = TrialStore.Create(db, Samples.Identity with { Name = "quickstart" }))
        {
            for (int i = 1; i <= 12; i++)
                store.BeginTrial(new TrialProposal([i], ArchitectureJson.Serialize(net), NetworkString.Format(net), $"h{i}"));
        }
        var file = _dir.File("out/QuickstartTrial12.cs");

        var (code, stdout, stderr) = NasLabCli.Run("export", db, "12", "--format", "csharp", "-o", file);

        Assert.Equal((ExitCodes.Ok, ""), (code, stderr));
        Assert.Contains("QuickstartTrial12", stdout);
        var source = File.ReadAllText(file);
        Assert.Contains("public sealed class QuickstartTrial12 : Module<Tensor, Tensor>", source);
        // Each stage is a named property with its block string, and no decision indices leak into the code.
        for (int i = 0; i < net.Stages.Count; i++)
            if (net.Stages[i].Repeats > 0)
            {
                Assert.Contains($"// Stage {i}: {BlockString.Format(net.Stages[i])}\n", source);
                Assert.Contains($"public Stage Stage{i} {{ get; }}", source);
            }
        Assert.DoesNotContain("decision", source, StringComparison.OrdinalIgnoreCase);
        AssertEquivalentToBuilder(net, source, "QuickstartTrial12");
    }

    [Fact]
    public void Cell_networks_are_refused_with_a_pointer_to_onnx()
    {
        var (code, _, stderr) = NasLabCli.Run("export", _dir.File("unused.db"), "nasnet-a-mobile", "--format", "csharp", "-o", _dir.File("n.cs"));

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("nasnet-a-mobile", stderr);
        Assert.Contains("--format onnx", stderr);
        Assert.False(File.Exists(_dir.File("n.cs")));
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

    /// <summary>Builder module vs compiled generated class: names, count, weights loaded from the builder's file, logits.</summary>
    private void AssertEquivalentToBuilder(NetworkArchitecture net, string source, string className)
    {
        using var scope = DisposeScope.Begin();
        using var reference = NetworkBuilder.Build(net);
        ModelFixtures.RandomizeBatchNorms(reference, seed: 11);
        var weights = _dir.File(className + ".nlstate");
        reference.Save(weights);

        using var generated = GeneratedModelCompiler.Instantiate(source, className);
        Assert.Equal(reference.StateEntries().Select(e => e.Name), generated.StateEntries().Select(e => e.Name));
        Assert.Equal(CostModel.Compute(net).Params, generated.ParameterCount());
        Assert.Equal(reference.ParameterCount(), generated.ParameterCount());
        generated.Load(weights);

        reference.Eval();
        generated.Eval();
        using var noGrad = Autograd.NoGrad();
        using var generator = new Generator(5);
        var images = Tensor.Randn([2, 3, net.InputResolution, net.InputResolution], generator: generator);
        var expected = reference.Forward(images).ToArray<float>();
        var actual = generated.Forward(images).ToArray<float>();
        Assert.Equal(2 * net.NumClasses, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-5, $"{className}: logits differ by up to {worst}");
        // Guard against a vacuous pass: the logits must actually depend on the input.
        Assert.True(expected.Max() - expected.Min() > 1e-3, "the reference logits are constant");
    }
}
