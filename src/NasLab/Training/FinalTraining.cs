using NasLab.Cli.Commands;
using NasLab.Search.Config;
using NasLab.Cli.Export;
using NasLab.Search.Experiment;
using NasLab.Search.Loop;
using NasLab.Evaluator.Training;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Engine;

namespace NasLab.Cli.Training;

/// <summary>
/// <c>naslab train</c>: trains a chosen trial (or zoo network) on all training images, scores it
/// once on the test files, checkpoints every epoch next to the output (so an interrupted run
/// continues), and writes the final weights (see <see cref="TrainedWeightFiles"/>): TorchSharp's format,
/// which <c>naslab export --weights</c> and the exported C# class load, plus safetensors and a PyTorch state_dict.
/// </summary>
public static class FinalTraining
{
    public const int DefaultEpochs = 30;

    /// <summary>Settings used for a zoo network when no experiment file is given.</summary>
    private const string DefaultExperimentYaml = """
        name: train
        dataset:
          path: auto
        reward:
          target_ms: 1
        """;

    public sealed record Request(string Source, int? Trial, string? ConfigPath, int? Epochs, string Output);

    public static (FullTrainingResult Result, NetworkArchitecture Architecture, string Data, TrainedWeightFiles Files) Run(Request request, CancellationToken cancel)
    {
        // Checked before training: a mistaken -o must not cost a training run, let alone the experiment.
        var inputs = new List<CommandInput>();
        if (request.Trial is not null) inputs.Add(StoreArguments.Input(request.Source, "<source>"));
        if (request.ConfigPath is { } configPath) inputs.Add(new CommandInput("--config", configPath));
        var files = TrainedWeightFiles.For(request.Output, inputs);
        var target = ExportTarget.Resolve(request.Source, request.Trial?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? request.Source);
        var (config, configFile) = Settings(request);
        var data = ExperimentData.Open(config.Dataset);
        var train = data.Source.LoadTrain();
        var test = data.Source.LoadTest();
        var net = Adapt(target.Architecture, config.Dataset.Resolution, train.ClassCount);

        var p = config.ProxyTraining;
        int epochs = request.Epochs ?? DefaultEpochs;
        var options = new FullTrainingOptions
        {
            // The experiment's recipe, run for the final training's length.
            Recipe = ExperimentRecipe.From(config) with
            {
                Epochs = epochs,
                // At least one epoch of warm-up for a long run from scratch, but never the whole run
                // (the recipe requires warm-up < epochs): --epochs 1 warms up for half of it.
                WarmupEpochs = Math.Min(Math.Max(p.WarmupEpochs, 1), epochs * 0.5),
            },
            CheckpointDirectory = request.Output + ".checkpoints",
        };
        TorchEngine.NumThreads = Environment.ProcessorCount;
        var result = new FullTrainer(train, test, options).Train(net, cancel);
        if (result.Status == Evaluator.Training.TrainingOutcome.Completed)
        {
            // The last checkpoint holds the final weights; publish them under the requested name.
            var store = new Evaluator.Training.Checkpoints.CheckpointStore(options.CheckpointDirectory);
            var checkpoint = store.TryLoad() ?? throw new InvalidOperationException($"training finished but {store.ManifestPath} is missing");
            files.Publish(net, store.PathOf(checkpoint.ModelFile));
        }
        return (result, net, data.Description, files);
    }

    private static (ExperimentConfig Config, string? File) Settings(Request request)
    {
        if (request.ConfigPath is { } path)
        {
            if (!File.Exists(path)) throw new UserErrorException($"--config: file not found: {path}");
            return (ExperimentConfigLoader.LoadFile(path), path);
        }
        if (request.Trial is not null)
        {
            using var store = StoreArguments.OpenForReading(request.Source);
            var info = store.GetExperiment();
            return (ExperimentConfigLoader.Parse(info.ConfigYaml, $"{store.Location} (stored experiment file)", info.Name), null);
        }
        return (ExperimentConfigLoader.Parse(DefaultExperimentYaml, "built-in training defaults"), null);
    }

    /// <summary>
    /// Zoo networks are ImageNet-shaped: size them for the dataset as search sizes its children. A stored trial
    /// already has the experiment's input and classes (it was adapted when it was sampled) and is kept as it is.
    /// </summary>
    private static NetworkArchitecture Adapt(NetworkArchitecture net, int resolution, int classes) =>
        net.NumClasses == classes && net.InputResolution == resolution ? net : SmallInputAdaptation.Fit(net, resolution, classes);
}
