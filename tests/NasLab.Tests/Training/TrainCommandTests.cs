using System.Globalization;
using NasLab.Cli.Commands;
using NasLab.Cli.Export;
using NasLab.LatencyOracle.Runtime;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Zoo;
using NasLab.Tests.Export;
using NasLab.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NasLab.Tests.Training;

/// <summary>
/// <c>naslab train</c> on real images, then what users do with the weights: they load strictly into the builder's
/// module and into the exported C# class (same logits), PyTorch reads the .pt and .safetensors copies with the same
/// tensors, and <c>naslab export --weights</c> gives an ONNX model that computes what the engine does.
/// </summary>
public class TrainCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("naslab-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => NasLabCli.Run(args);

    [Fact]
    public void TrainedWeightsAreTestedSavedForTorchSharpAndPyTorchAndExported()
    {
        var config = Path.Combine(_dir, "train.yaml");
        File.WriteAllText(config, """
            dataset: {path: auto}
            proxy_training: {batch_size: 64, lr: 0.02}
            reward: {target_ms: 1}
            """);
        var weights = Path.Combine(_dir, "v1.bin");
        var train = Run("train", "mobilenet-v1-0.5-cifar", "--config", config, "--epochs", "3", "-o", weights);
        output.WriteLine(train.Out + train.Err);
        Assert.Equal(ExitCodes.Ok, train.Code);
        Assert.Contains("data: ", train.Out); // the output names the images used
        Console.WriteLine("[data] TrainCommandTests: " + train.Out.Split('\n').First(l => l.StartsWith("data: ")));
        var accuracyText = train.Out.Split("test accuracy ")[1].Split('%')[0];
        var accuracy = double.Parse(accuracyText, CultureInfo.InvariantCulture) / 100;
        Assert.True(accuracy > 0.15, $"test accuracy {accuracy:P1} after 3 epochs is not clearly above chance (10%)");
        Assert.All(new[] { weights, Path.Combine(_dir, "v1.safetensors"), Path.Combine(_dir, "v1.pt") }, f => Assert.True(File.Exists(f), f));

        // The weights belong to the (CIFAR-sized) architecture: they load strictly into a fresh build.
        var net = ModelZoo.Get("mobilenet-v1-0.5-cifar");
        using var scope = NewDisposeScope();
        using var module = NetworkBuilder.Build(net);
        module.load(weights, strict: true);
        module.eval();

        // PyTorch reads the same tensors, under the same names, from both of its files.
        var python = PyTorchStateReader.Read(Path.Combine(_dir, "v1.pt"), Path.Combine(_dir, "v1.safetensors"), _dir);
        var state = module.state_dict();
        Assert.Equal(state.Keys.Order(StringComparer.Ordinal), python.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in state)
        {
            Assert.Equal(tensor.shape, python[name].Shape);
            Assert.True(tensor.to(float64).data<double>().ToArray().SequenceEqual(python[name].Values), $"{name} differs in PyTorch");
        }
        // Trained, not initial: batch-norm statistics moved away from their (0, 1) start.
        Assert.Contains(python, p => p.Key.EndsWith(".running_mean", StringComparison.Ordinal) && p.Value.Values.Any(v => Math.Abs(v) > 1e-3));

        var input = randn([2, 3, 32, 32]);
        float[] engine;
        using (no_grad()) engine = module.call(input).data<float>().ToArray();

        // The exported C# class loads the TorchSharp file strictly and computes the same logits.
        var className = ClassNames.ForZoo("mobilenet-v1-0.5-cifar");
        using var generated = GeneratedModelCompiler.Instantiate(CSharpModelGenerator.Generate(net, className, "a test"), className);
        generated.load(weights, strict: true);
        generated.eval();
        float[] exported;
        using (no_grad()) exported = generated.call(input).data<float>().ToArray();
        var scale = Math.Max(1, engine.Max(Math.Abs));
        for (int i = 0; i < engine.Length; i++) Assert.True(Math.Abs(engine[i] - exported[i]) <= 1e-5 * scale, $"logit {i}: builder {engine[i]} vs exported C# {exported[i]}");

        var onnx = Path.Combine(_dir, "v1.onnx");
        var export = Run("export", _dir, "mobilenet-v1-0.5-cifar", "--format", "onnx", "-o", onnx, "--weights", weights);
        Assert.Equal(ExitCodes.Ok, export.Code);
        using var session = SessionFactory.Create(File.ReadAllBytes(onnx));
        var ort = session.Run(new Dictionary<string, FloatTensor> { ["input"] = new FloatTensor(input.data<float>().ToArray(), [2, 3, 32, 32]) })["logits"].Data;
        for (int i = 0; i < engine.Length; i++) Assert.True(Math.Abs(engine[i] - ort[i]) <= 1e-4 * scale, $"logit {i}: engine {engine[i]} vs ORT {ort[i]}");
    }

    /// <summary>
    /// Issue 11 item 3: one epoch used to fail with "WarmupEpochs must be in [0, 1), got 1" because the full-training
    /// warm-up was at least one epoch. It is now at most half the run.
    /// </summary>
    [Fact]
    public void A_single_epoch_run_trains_and_writes_its_weights()
    {
        var config = Path.Combine(_dir, "one.yaml");
        File.WriteAllText(config, "dataset: {path: auto, train_subset: 1000}\nproxy_training: {batch_size: 64}\nreward: {target_ms: 1}\n");
        var weights = Path.Combine(_dir, "one.bin");
        var train = Run("train", "mobilenet-v1-0.5-cifar", "--config", config, "--epochs", "1", "-o", weights);
        output.WriteLine(train.Out + train.Err);
        Assert.Equal((ExitCodes.Ok, ""), (train.Code, train.Err));
        Assert.Contains("epoch 1:", train.Out);
        Assert.True(File.Exists(weights));
        using var module = NetworkBuilder.Build(ModelZoo.Get("mobilenet-v1-0.5-cifar"));
        module.load(weights, strict: true);
    }

    [Fact]
    public void An_output_path_that_would_collide_with_its_PyTorch_copies_is_refused()
    {
        var (code, _, stderr) = Run("train", "mobilenet-v1-0.5-cifar", "--epochs", "1", "-o", Path.Combine(_dir, "w.safetensors"));

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("--output:", stderr);
    }
}
