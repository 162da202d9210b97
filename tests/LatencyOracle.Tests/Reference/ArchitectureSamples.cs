using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Spaces;
using NasLab.SearchSpace.Zoo;

namespace NasLab.LatencyOracle.Tests.Reference;

/// <summary>Zoo networks at reduced resolution and random members of the block search spaces.</summary>
internal static class ArchitectureSamples
{
    public static NetworkArchitecture Zoo(string name, int resolution) => ModelZoo.Get(name) with { InputResolution = resolution };

    /// <summary>A random architecture of the "mnasnet" or "mixnet" space (uniform decisions).</summary>
    public static NetworkArchitecture Random(string space, int seed, int resolution)
    {
        var options = space switch
        {
            "mnasnet" => FactorizedSpaceOptions.MnasNet,
            "mixnet" => FactorizedSpaceOptions.MixNet,
            _ => throw new ArgumentException($"No block space '{space}'.", nameof(space)),
        };
        var s = new FactorizedHierarchicalSpace(options with { InputResolution = resolution });
        var rng = new System.Random(seed);
        return s.Decode(s.Schema.Decisions.Select(d => rng.Next(d.Count)).ToArray());
    }
}
