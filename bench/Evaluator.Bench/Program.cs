using System.Globalization;
using NasLab.Evaluator;
using NasLab.Evaluator.Bench;
using NasLab.Evaluator.Training;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Engine;

// Data-pipeline overhead of proxy training: images/s of ProxyTrainer (real loader + augmentation, per-step loss
// read-back) against the raw engine on the same network and batch size with the batch already in memory.
int epochs = Arg("--epochs", 3), steps = Arg("--steps", 30), batch = Arg("--batch", 128);

TorchEngine.EnsureInitialized();
var resolved = DefaultDatasetResolver.Resolve();
var trainFiles = resolved.Source.LoadTrain();
Console.WriteLine($"Data: {resolved.Description}: {trainFiles}");
var net = BenchNetwork.MobileNetV2HalfCifar();
if (trainFiles.ClassCount != net.NumClasses) net = net with { NumClasses = trainFiles.ClassCount };
var cost = CostModel.Compute(net);
Console.WriteLine($"Network: {net.Name}, {cost.Params:N0} params, {cost.Macs / 1e6:F1} M MACs, batch {batch}, channels-last, {Environment.ProcessorCount} threads");
Console.WriteLine($"Load average before: {LoadAverage()}");

var recipe = new TrainingRecipe { Epochs = epochs, BatchSize = batch, LearningRate = 0.05, Augmentation = AugmentationOptions.Standard };
double raw = RawEngineThroughput.ImagesPerSecond(net, recipe, warmupSteps: 3, timedSteps: steps);
Console.WriteLine($"Raw engine (random batch in memory): {raw:F1} images/s over {steps} steps");
if (Arg("--raw-only", 0) == 1) return;

var options = new ProxyTrainingOptions
{
    Recipe = recipe,
    ValidationSize = Math.Min(1000, trainFiles.Count / 5),
    ValidateEveryEpoch = false,
};
var result = new ProxyTrainer(trainFiles, options).Train(net);
// Epoch 0 pays oneDNN's first-call set-up, which the raw run excluded by warming up; compare the later epochs.
var steady = result.Curve.Skip(1).ToList();
double pipeline = steady.Count > 0 ? steady.Sum(e => e.Images) / steady.Sum(e => e.Seconds) : result.ImagesPerSecond;
Console.WriteLine($"Proxy training (loader + crop/flip augmentation): {pipeline:F1} images/s (epochs 1..{epochs - 1}); " +
                  $"all epochs incl. warm-up {result.ImagesPerSecond:F1} images/s; status {result.Status}, val acc {result.ValidationAccuracy:P1}");
foreach (var e in result.Curve)
    Console.WriteLine($"  epoch {e.Epoch}: {e.Images} images in {e.Seconds:F1} s = {e.Images / e.Seconds:F1} images/s, train loss {e.TrainLoss:F3}");
// The machine is shared: measure the engine again after the proxy run and compare with the better of the two.
double rawAfter = RawEngineThroughput.ImagesPerSecond(net, recipe, warmupSteps: 3, timedSteps: steps);
Console.WriteLine($"Raw engine again after proxy training: {rawAfter:F1} images/s");
raw = Math.Max(raw, rawAfter);
double overhead = 100 * (1 - pipeline / raw);
Console.WriteLine($"Data-pipeline overhead: {overhead:F1}% (target < 10%)");
Console.WriteLine($"Load average after: {LoadAverage()}");

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
