namespace NasLab.SearchSpace.Spaces;

/// <summary>The built-in spaces by name, with their default (paper) options.</summary>
public static class SearchSpaces
{
    public static FactorizedHierarchicalSpace MnasNet(FactorizedSpaceOptions? options = null) => new(options ?? FactorizedSpaceOptions.MnasNet);
    public static FactorizedHierarchicalSpace MixNet(FactorizedSpaceOptions? options = null) => new(options ?? FactorizedSpaceOptions.MixNet);
    public static CellSearchSpace NasNet(CellSpaceOptions? options = null) => new(options ?? CellSpaceOptions.NasNet);
    public static CellSearchSpace Enas(CellSpaceOptions? options = null) => new(options ?? CellSpaceOptions.Enas);

    public static IReadOnlyList<string> Names { get; } = ["mnasnet", "mixnet", "nasnet", "enas"];

    public static ISearchSpace Get(string name) => name.Trim().ToLowerInvariant() switch
    {
        "mnasnet" => MnasNet(),
        "mixnet" => MixNet(),
        "nasnet" => NasNet(),
        "enas" => Enas(),
        _ => throw new KeyNotFoundException($"Unknown search space '{name}'; known: {string.Join(", ", Names)}."),
    };
}
