using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Scaling;
using NasLab.SearchSpace.Validation;

namespace NasLab.Evaluator.Training;

/// <summary>The network actually trained for a proxy: the sampled child at the proxy width and input resolution.</summary>
public static class ProxyArchitecture
{
    /// <summary>
    /// Applies <see cref="ProxyTrainingOptions.WidthMultiplier"/> (NetworkScaling.Width, channels rounded to
    /// multiples of 8) and <see cref="ProxyTrainingOptions.InputResolution"/>. Throws ArchitectureException when the
    /// result is not a valid network.
    /// </summary>
    public static NetworkArchitecture Apply(NetworkArchitecture child, ProxyTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(options);
        var net = options.WidthMultiplier == 1.0 ? child : NetworkScaling.Width(child, options.WidthMultiplier);
        if (options.InputResolution is int side) net = NetworkScaling.WithResolution(net, side);
        // Validated here so an invalid child is reported before any engine work.
        ArchitectureValidator.Validate(net);
        return net;
    }
}
