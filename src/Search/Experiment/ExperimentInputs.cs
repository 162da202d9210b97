using NasLab.Evaluator;
using NasLab.Evaluator.Training;

namespace NasLab.Search.Experiment;

/// <summary>What <see cref="ExperimentCheck"/> prepared and a search goes on to use: the data, its training files, the space and the trainer.</summary>
public sealed record ExperimentInputs(ExperimentData Data, ImageDataset TrainFiles, ExperimentSpace Space, ProxyTrainer Trainer);
