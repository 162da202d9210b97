using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Zoo;

namespace NasLab.SearchSpace.Tests;

internal static class ZooFixtures
{
    public static IEnumerable<object[]> AllNames => ModelZoo.Names.Select(n => new object[] { n });

    public static IEnumerable<object[]> BlockNetworkNames =>
        ModelZoo.Names.Where(n => ModelZoo.Get(n) is BlockNetwork).Select(n => new object[] { n });

    public static IEnumerable<object[]> CellNetworkNames =>
        ModelZoo.Names.Where(n => ModelZoo.Get(n) is CellNetwork).Select(n => new object[] { n });
}
