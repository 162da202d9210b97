using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Text;

namespace NasLab.SearchSpace.Zoo;

/// <summary>Builds block networks from the published stage tables written as block strings.</summary>
internal static class BlockNetworks
{
    public static BlockNetwork From(string name, StemSpec stem, HeadSpec head, params string[] stages) => new()
    {
        Name = name,
        Stem = stem,
        Stages = ValueList.From(stages.Select(BlockString.Parse)),
        Head = head,
    };

    public static StemSpec Stem(int channels, Activation act) => new() { Kernel = 3, Stride = 2, Channels = channels, Activation = act };
}
