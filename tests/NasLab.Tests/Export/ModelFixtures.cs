using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Spaces;
using NasLab.SearchSpace.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.Tests.Export;

/// <summary>Architectures and weights for export tests.</summary>
public static class ModelFixtures
{
    /// <summary>A decision vector drawn uniformly (seeded) from the MnasNet space, decoded.</summary>
    public static BlockNetwork RandomMnasNet(int seed, int resolution = 64) =>
        (BlockNetwork)RandomMember(SearchSpaces.MnasNet(), seed) with { InputResolution = resolution };

    /// <summary>A decision vector drawn uniformly (seeded) from the MixNet space (MixConv kernels, grouped 1x1s), decoded.</summary>
    public static BlockNetwork RandomMixNet(int seed, int resolution = 64) =>
        (BlockNetwork)RandomMember(SearchSpaces.MixNet(), seed) with { InputResolution = resolution };

    /// <summary>
    /// A random cell of the NASNet or ENAS space in a network small enough for a test (one cell per stack, few
    /// filters); the space's two reductions and the factorized-reduction wiring stay.
    /// </summary>
    public static CellNetwork RandomCellNetwork(ISearchSpace space, int seed) =>
        (CellNetwork)RandomMember(space, seed) with { CellsPerStack = 1, Filters = 8, StemFilters = 16 };

    private static NetworkArchitecture RandomMember(ISearchSpace space, int seed)
    {
        var random = new Random(seed);
        return space.Decode(space.Schema.Decisions.Select(d => random.Next(d.Count)).ToArray());
    }

    /// <summary>
    /// Every block feature the zoo networks leave out: a regular conv block with SE and pool skip, a separable
    /// block with SE, grouped pointwise and activated projection, grouped MixConv MBConv with pool-skip projection,
    /// explicit expanded width with hard-sigmoid SE, a zero-repeat stage, hidden linear head.
    /// </summary>
    public static BlockNetwork EveryBlockFeature() => NetworkString.Parse(string.Join('\n',
        "name feature-zoo",
        "input_r48_n7",
        "stem_k3_s2_c16_hswish",
        "cn_r2_k3_s2_c24_se0.25_poolskip_relu",
        "ds_r2_k5_s1_c24_se0.5_p2_pwact_relu6",
        "ir_r0_k3_s1_e6_c24_relu",
        "ir_r2_k3.5.7_s2_e3_c40_a2_p2_poolskip_swish",
        "ir_r1_k3_s1_x120_c48_hse0.25_hswish",
        "head_c96_hswish_h64_relu_d0.1"));

    /// <summary>Random non-trivial batch-norm state, so a wrongly wired BN (or a missing one) changes the output.</summary>
    public static void RandomizeBatchNorms(nn.Module module, int seed)
    {
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (var bn in module.modules().OfType<BatchNorm2d>())
        {
            bn.weight!.uniform_(0.5, 1.5, generator);
            bn.bias!.uniform_(-0.2, 0.2, generator);
            bn.running_mean!.normal_(0, 0.2, generator);
            bn.running_var!.uniform_(0.5, 2.0, generator);
        }
    }
}
