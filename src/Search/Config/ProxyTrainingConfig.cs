namespace NasLab.Search.Config;

/// <summary>
/// The short SGD training every candidate gets before its validation accuracy is measured.
/// <see cref="TimeLimitSeconds"/> aborts a trial that trains too long (null: no limit). <see cref="Device"/> is
/// where children (and <c>naslab train</c>) train: cpu, cuda or cuda:N.
/// </summary>
public sealed record ProxyTrainingConfig(
    int Epochs,
    int BatchSize,
    double Lr,
    double Momentum,
    bool Nesterov,
    double WeightDecay,
    int WarmupEpochs,
    double LabelSmoothing,
    double WidthMultiplier,
    double? TimeLimitSeconds,
    string Device = "cpu")
{
    public static readonly ProxyTrainingConfig Defaults = new(
        Epochs: 5, BatchSize: 128, Lr: 0.05, Momentum: 0.9, Nesterov: true, WeightDecay: 4e-5,
        WarmupEpochs: 0, LabelSmoothing: 0.1, WidthMultiplier: 1.0, TimeLimitSeconds: null);
}
