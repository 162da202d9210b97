using NasLab.SearchSpace.Architecture;

namespace NasLab.Evaluator.Training;

internal static class ClassCountCheck
{
    /// <summary>A classifier of the wrong size is a configuration error, not a property of the child: thrown, not reported.</summary>
    public static void Require(NetworkArchitecture architecture, ImageDataset dataset)
    {
        if (architecture.NumClasses != dataset.ClassCount)
            throw new ArgumentException(
                $"Architecture '{architecture.Name}' has NumClasses = {architecture.NumClasses}, but {dataset.Source} has {dataset.ClassCount} classes; " +
                $"set NumClasses to {dataset.ClassCount} (e.g. CifarAdaptation.Apply for block networks).", nameof(architecture));
    }
}
