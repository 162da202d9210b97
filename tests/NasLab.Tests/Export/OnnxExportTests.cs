using NasLab.Search.Store.LiteDb;
using NasLab.Cli.Commands;
using NasLab.Search.Store;
using NasLab.LatencyOracle.Runtime;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Json;
using NasLab.SearchSpace.Text;
using NasLab.SearchSpace.Zoo;
using NasLab.Tests.Support;
using static TorchSharp.torch;

namespace NasLab.Tests.Export;

/// <summary><c>naslab export --format onnx</c>: files ONNX Runtime runs, with the trained weights when given.</summary>
public sealed class OnnxExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Zoo_network_exports_to_a_model_ORT_runs()
    {
        var file = _dir.File("mbv1.onnx");
        var (code, _, stderr) = NasLabCli.Run("export", _dir.File("unused.db"), "mobilenet-v1-0.5-cifar", "--format", "onnx", "-o", file);

        Assert.Equal((ExitCodes.Ok, ""), (code, stderr));
        using var session = SessionFactory.Create(File.ReadAllBytes(file));
        var (inputName, input) = Assert.Single(session.InputMetadata);
        // A deployment model takes any batch: N is the symbolic "batch" dimension (ORT reports it as -1).
        Assert.Equal(new[] { -1, 3, 32, 32 }, input.Dimensions);
        Assert.Equal("batch", input.SymbolicDimensions[0]);
        var logits = session.Run(new Dictionary<string, FloatTensor> { [inputName] = Noise(3, 32) }).Values.Single();
        Assert.Equal(new long[] { 3, 10 }, logits.Shape);
        Assert.All(logits.Data, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Trial_exported_with_trained_weights_computes_what_the_builder_module_computes()
    {
        var net = ModelFixtures.RandomMnasNet(seed: 3, resolution: 32);
        var db = _dir.File("trials.db");
        using (var store = LiteDbTrialStore.Create(db, Samples.Identity))
            store.BeginTrial(new TrialProposal([1], ArchitectureJson.Serialize(net), NetworkString.Format(net), "h1", 1));

        using var scope = NewDisposeScope();
        using var module = NetworkBuilder.Build(net);
        ModelFixtures.RandomizeBatchNorms(module, seed: 2);
        var weights = _dir.File("trained.bin");
        module.save(weights);
        var file = _dir.File("trial1.onnx");

        var (code, stdout, stderr) = NasLabCli.Run("export", db, "1", "--format", "onnx", "-o", file, "--weights", weights);

        Assert.Equal((ExitCodes.Ok, ""), (code, stderr));
        Assert.Contains("trained.bin", stdout);
        var input = Noise(1, 32);
        module.eval();
        float[] expected;
        using (no_grad()) expected = module.call(tensor(input.Data, [1, 3, 32, 32])).data<float>().ToArray();
        using var session = SessionFactory.Create(File.ReadAllBytes(file));
        var actual = session.Run(new Dictionary<string, FloatTensor> { [session.InputNames.Single()] = input }).Values.Single().Data;
        // ORT folds batch norm into the convs, which reorders float rounding: close, not bit-equal.
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a) / Math.Max(1, Math.Abs(e))).Max();
        Assert.True(worst < 1e-4, $"ORT and engine logits differ by up to {worst}");
    }

    [Fact]
    public void Weights_of_another_architecture_are_a_user_error_naming_the_option()
    {
        using var scope = NewDisposeScope();
        using var other = NetworkBuilder.Build(ModelZoo.Get("mobilenet-v1-0.5-cifar"));
        var weights = _dir.File("other.bin");
        other.save(weights);

        var (code, _, stderr) = NasLabCli.Run("export", _dir.File("unused.db"), "mnasnet-a1", "--format", "onnx", "-o", _dir.File("m.onnx"), "--weights", weights);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.StartsWith("--weights:", stderr);
        Assert.Contains("state in '" + weights + "' does not match the module", stderr);
    }

    [Fact]
    public void A_truncated_weight_file_is_a_user_error_naming_the_option()
    {
        using var scope = NewDisposeScope();
        using var module = NetworkBuilder.Build(ModelZoo.Get("mobilenet-v1-0.5-cifar"));
        var weights = _dir.File("short.bin");
        module.save(weights);
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);

        var (code, _, stderr) = NasLabCli.Run("export", _dir.File("unused.db"), "mobilenet-v1-0.5-cifar", "--format", "onnx", "-o", _dir.File("m.onnx"), "--weights", weights);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.StartsWith("--weights:", stderr);
    }

    [Theory]
    [InlineData("mnasnet-z9", "'mnasnet-z9' is neither a trial number nor a zoo network; zoo networks: mobilenet-v1-1.0,")]
    [InlineData("42", "there is no trial 42 (the experiment has 10 trials)")]
    public void Unknown_trials_and_networks_are_user_errors(string which, string message)
    {
        var db = _dir.File("exp/trials.db");
        using (var store = LiteDbTrialStore.Create(db, Samples.Identity)) ParetoSample.Fill(store);

        var (code, _, stderr) = NasLabCli.Run("export", db, which, "--format", "onnx", "-o", _dir.File("x.onnx"));

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public void An_unreadable_stored_architecture_names_the_trial()
    {
        var db = _dir.File("exp/trials.db");
        using (var store = LiteDbTrialStore.Create(db, Samples.Identity)) ParetoSample.Fill(store);

        var (code, _, stderr) = NasLabCli.Run("export", db, "3", "--format", "csharp", "-o", _dir.File("x.cs"));

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("trial 3: the stored architecture is not a valid NasLab architecture", stderr);
    }

    private static FloatTensor Noise(int batch, int side)
    {
        var random = new Random(1);
        var data = new float[batch * 3 * side * side];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        return new FloatTensor(data, batch, 3, side, side);
    }
}
