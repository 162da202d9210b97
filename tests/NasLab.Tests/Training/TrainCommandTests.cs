using System.Globalization;
using NasLab.Cli.Commands;
using NasLab.LatencyOracle.Runtime;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Zoo;
using NasLab.Tests.Support;
using NasLab.Torch;
using Xunit.Abstractions;

namespace NasLab.Tests.Training;

/// <summary>
/// <c>naslab train</c> on real images, then <c>naslab export --weights</c> of the trained weights: the
/// weights load into the architecture strictly, and the ONNX model computes what the engine does.
/// </summary>
public class TrainCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("naslab-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args) => NasLabCli.Run(args);

    [Fact]
    public void TrainedWeightsAreTestedSavedAndExportedToOnnx()
    {
        var config = Path.Combine(_dir, "train.yaml");
        File.WriteAllText(config, """
            dataset: {path: auto}
            proxy_training: {batch_size: 64, lr: 0.02}
            reward: {target_ms: 1}
            """);
        var weights = Path.Combine(_dir, "v1.nlstate");
        var train = Run("train", "mobilenet-v1-0.5-cifar", "--config", config, "--epochs", "3", "-o", weights);
        output.WriteLine(train.Out + train.Err);
        Assert.Equal(ExitCodes.Ok, train.Code);
        Assert.Contains("data: ", train.Out); // the output names the images used
        Console.WriteLine("[data] TrainCommandTests: " + train.Out.Split('\n').First(l => l.StartsWith("data: ")));
        var accuracyText = train.Out.Split("test accuracy ")[1].Split('%')[0];
        var accuracy = double.Parse(accuracyText, CultureInfo.InvariantCulture) / 100;
        Assert.True(accuracy > 0.15, $"test accuracy {accuracy:P1} after 3 epochs is not clearly above chance (10%)");
        Assert.True(File.Exists(weights));

        // The weights belong to the (CIFAR-sized) architecture: they load strictly into a fresh build.
        var net = ModelZoo.Get("mobilenet-v1-0.5-cifar");
        using var scope = DisposeScope.Begin();
        using var module = NetworkBuilder.Build(net);
        module.Load(weights);
        module.Eval();

        var onnx = Path.Combine(_dir, "v1.onnx");
        var export = Run("export", _dir, "mobilenet-v1-0.5-cifar", "--format", "onnx", "-o", onnx, "--weights", weights);
        Assert.Equal(ExitCodes.Ok, export.Code);
        using var session = InferenceSession.Create(File.ReadAllBytes(onnx));
        var input = Tensor.Randn([1, 3, 32, 32]);
        var pixels = input.ToArray<float>();
        var ort = session.Run(new Dictionary<string, FloatTensor> { ["input"] = new FloatTensor(pixels, [1, 3, 32, 32]) })["logits"].Data;
        float[] engine;
        using (Autograd.NoGrad()) engine = module.Forward(input).ToArray<float>();
        var scale = engine.Max(Math.Abs);
        for (int i = 0; i < engine.Length; i++) Assert.True(Math.Abs(engine[i] - ort[i]) <= 1e-4 * Math.Max(1, scale), $"logit {i}: engine {engine[i]} vs ORT {ort[i]}");
    }
}
