using NasLab.Evaluator.Training;
using NasLab.Search.Config;

namespace NasLab.Search.Experiment;

/// <summary>
/// The one map from an experiment's <c>proxy_training</c> section (and its seed) to the training recipe:
/// search trains every child with it, and <c>naslab train</c> starts from it for the final training
/// (changing only the length of the run).
/// </summary>
public static class ExperimentRecipe
{
    public static TrainingRecipe From(ExperimentConfig config)
    {
        var p = config.ProxyTraining;
        return new TrainingRecipe
        {
            Epochs = p.Epochs,
            BatchSize = p.BatchSize,
            LearningRate = p.Lr,
            Momentum = p.Momentum,
            Nesterov = p.Nesterov,
            WeightDecay = p.WeightDecay,
            WarmupEpochs = p.WarmupEpochs,
            LabelSmoothing = p.LabelSmoothing,
            Device = p.Device,
            Seed = unchecked((ulong)config.Seed),
        };
    }
}
