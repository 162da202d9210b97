using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Schema;

namespace NasLab.SearchSpace.Spaces;

/// <summary>A search space: an ordered list of categorical decisions and the map between decision vectors and architectures.</summary>
public interface ISearchSpace
{
    string Name { get; }
    DecisionSchema Schema { get; }

    /// <summary>
    /// Number of distinct decision vectors: the product of the choice counts of the schema's decisions
    /// (decisions with a single fixed choice are not in the schema). Several vectors may decode to the same
    /// network (e.g. an expansion ratio chosen for a non-MBConv block).
    /// </summary>
    System.Numerics.BigInteger Size { get; }

    NetworkArchitecture Decode(IReadOnlyList<int> decisions);

    /// <summary>Decision vector that decodes to <paramref name="architecture"/>; throws naming the first field the space cannot represent.</summary>
    int[] Encode(NetworkArchitecture architecture);
}
