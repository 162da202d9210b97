using NasLab.Controller.Policy;
using NasLab.Controller.Training;

namespace NasLab.Controller.Strategies;

/// <summary>
/// Everything a <see cref="PolicyGradientSearch"/> is built from: the controller's shape and its training.
/// The experiment file's <c>strategy.rl</c> section binds to these types, so their defaults are the only ones.
/// </summary>
public sealed record PolicyGradientSearchOptions
{
    public ControllerOptions Controller { get; init; } = new();
    public PolicyGradientOptions Training { get; init; } = new();
}
