namespace NasLab.SearchSpace.Spaces;

/// <summary>The built-in spaces with their default (paper) options. Experiment files pick one by <c>search_space.kind</c>.</summary>
public static class SearchSpaces
{
    public static FactorizedHierarchicalSpace MnasNet(FactorizedSpaceOptions? options = null) => new(options ?? FactorizedSpaceOptions.MnasNet);
    public static FactorizedHierarchicalSpace MixNet(FactorizedSpaceOptions? options = null) => new(options ?? FactorizedSpaceOptions.MixNet);
    public static CellSearchSpace NasNet(CellSpaceOptions? options = null) => new(options ?? CellSpaceOptions.NasNet);
    public static CellSearchSpace Enas(CellSpaceOptions? options = null) => new(options ?? CellSpaceOptions.Enas);

}
