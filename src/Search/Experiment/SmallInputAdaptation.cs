using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Scaling;

namespace NasLab.Search.Experiment;

/// <summary>
/// The one rule that sizes a network for an experiment's data, used for sampled children
/// (<see cref="ExperimentSpace.Child"/>) and for zoo networks trained by <c>naslab train</c>. Block networks
/// for small inputs (CIFAR's 32x32) get the usual CIFAR adaptation: a stride-1 stem and the first stride-2
/// stage at stride 1, so the feature maps are not reduced to 1x1 before the last stages.
/// </summary>
public static class SmallInputAdaptation
{
    /// <summary>Inputs up to this side are treated as CIFAR-sized.</summary>
    public const int MaxSide = 64;

    public static NetworkArchitecture Fit(NetworkArchitecture net, int resolution, int classes)
    {
        if (net is BlockNetwork b && resolution <= MaxSide)
            return CifarAdaptation.Apply(b, new CifarOptions { Resolution = resolution, NumClasses = classes });
        return net.NumClasses == classes && net.InputResolution == resolution ? net : net with { NumClasses = classes, InputResolution = resolution };
    }
}
