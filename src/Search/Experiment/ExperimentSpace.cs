using NasLab.Search.Config;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Spaces;
using NasLab.SearchSpace.Validation;

namespace NasLab.Search.Experiment;

/// <summary>
/// The search space of an experiment, sized for its dataset, and the map from a decision vector to
/// the child network that is trained and measured.
/// </summary>
public sealed class ExperimentSpace
{
    private ExperimentSpace(ISearchSpace space, int resolution) => (Space, Resolution) = (space, resolution);

    public ISearchSpace Space { get; }
    public int Resolution { get; }

    public static ExperimentSpace Create(SearchSpaceConfig config, int resolution, int classes, string source)
    {
        try
        {
            ISearchSpace space = config.Kind switch
            {
                SearchSpaceKind.Mnasnet => new FactorizedHierarchicalSpace(Sized(SpaceOverrides.Apply(FactorizedSpaceOptions.MnasNet, config.Overrides, source), resolution, classes)),
                SearchSpaceKind.Mixnet => new FactorizedHierarchicalSpace(Sized(SpaceOverrides.Apply(FactorizedSpaceOptions.MixNet, config.Overrides, source), resolution, classes)),
                SearchSpaceKind.Nasnet => new CellSearchSpace(Sized(SpaceOverrides.Apply(CellSpaceOptions.NasNet, config.Overrides, source), resolution, classes)),
                SearchSpaceKind.Enas => new CellSearchSpace(Sized(SpaceOverrides.Apply(CellSpaceOptions.Enas, config.Overrides, source), resolution, classes)),
                _ => throw new ArgumentOutOfRangeException(nameof(config), config.Kind, "unknown search space"),
            };
            return new ExperimentSpace(space, resolution);
        }
        catch (Exception e) when (e is ArchitectureException or ArgumentException or FormatException)
        {
            // The space validates its options; point the user at the overrides that produced them.
            throw new ConfigException(source, config.Overrides.Location, "search_space", e.Message);
        }
    }

    private static FactorizedSpaceOptions Sized(FactorizedSpaceOptions o, int resolution, int classes) =>
        o with { InputResolution = resolution, NumClasses = classes };

    private static CellSpaceOptions Sized(CellSpaceOptions o, int resolution, int classes) =>
        o with { Template = o.Template with { InputResolution = resolution, NumClasses = classes } };

    /// <summary>The network a decision vector stands for, adapted to small inputs (<see cref="SmallInputAdaptation"/>).</summary>
    public NetworkArchitecture Child(IReadOnlyList<int> decisions)
    {
        var net = Space.Decode(decisions);
        return SmallInputAdaptation.Fit(net, Resolution, net.NumClasses);
    }
}
