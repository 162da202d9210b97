using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Validation;

namespace NasLab.SearchSpace.Spaces;

/// <summary>Rejects factorized-space options that would let Decode produce an invalid network.</summary>
internal static class FactorizedOptionsValidator
{
    public static void Validate(FactorizedSpaceOptions o, IReadOnlyList<BlockOp> ops)
    {
        string kernelsAllowed = Allowed.List(Allowed.Kernels);
        ChoiceNames.NonEmpty(o.Kernels, "options.kernels", kernelsAllowed);
        for (int i = 0; i < o.Kernels.Count; i++)
        {
            ChoiceNames.NonEmpty(o.Kernels[i], $"options.kernels[{i}]", kernelsAllowed);
            foreach (var k in o.Kernels[i]) Allowed.Kernel(k, $"options.kernels[{i}]");
            if (o.Kernels[i].Count > 1 && ops.Contains(BlockOp.Conv))
                throw new ArchitectureException($"options.kernels[{i}]", $"kernel group [{string.Join(", ", o.Kernels[i])}] cannot be used with conv op 'conv' (a regular conv takes one kernel); remove 'conv' from options.convOps or use single kernels.");
        }
        ChoiceNames.Distinct(o.Kernels.Select(k => string.Join('.', k)).ToList(), "options.kernels");

        ChoiceNames.NonEmpty(o.SeRatios, "options.seRatios", "ratios in [0, 1]");
        foreach (var r in o.SeRatios)
            if (r is < 0 or > 1) throw new ArchitectureException("options.seRatios", $"ratio {r} is out of range; allowed: [0, 1].");
        ChoiceNames.Distinct(o.SeRatios, "options.seRatios");

        ChoiceNames.NonEmpty(o.FilterMultipliers, "options.filterMultipliers", "positive multipliers such as 0.75, 1.0, 1.25");
        foreach (var m in o.FilterMultipliers)
            if (m <= 0) throw new ArchitectureException("options.filterMultipliers", $"multiplier {m} must be positive.");
        ChoiceNames.Distinct(o.FilterMultipliers, "options.filterMultipliers");

        ChoiceNames.NonEmpty(o.RepeatOffsets, "options.repeatOffsets", "integer offsets such as -1, 0, 1");
        ChoiceNames.Distinct(o.RepeatOffsets, "options.repeatOffsets");

        ChoiceNames.NonEmpty(o.Expansions, "options.expansions", "positive ratios such as 3, 6");
        foreach (var e in o.Expansions)
            if (e <= 0) throw new ArchitectureException("options.expansions", $"expansion {e} must be positive.");
        ChoiceNames.Distinct(o.Expansions, "options.expansions");

        Allowed.Positive(o.ChannelDivisor, "options.channelDivisor");
        foreach (var (groups, field) in new[] { (o.ExpandGroups, "options.expandGroups"), (o.ProjectGroups, "options.projectGroups") })
        {
            ChoiceNames.NonEmpty(groups, field, "group counts dividing options.channelDivisor");
            ChoiceNames.Distinct(groups, field);
            foreach (var g in groups)
            {
                if (g < 1 || o.ChannelDivisor % g != 0 || o.Stem.Channels % g != 0)
                    throw new ArchitectureException(field, $"{g} groups must be at least 1 and divide the channel divisor {o.ChannelDivisor} and the stem width {o.Stem.Channels}.");
                if (g > 1 && o.Expansions.Any(e => e != Math.Floor(e)))
                    throw new ArchitectureException(field, $"{g} groups need integer expansion ratios so expanded widths stay divisible; got [{string.Join(", ", o.Expansions)}].");
            }
        }

        Allowed.Positive(o.NumClasses, "options.numClasses");
        Allowed.Positive(o.InputResolution, "options.inputResolution");
        Allowed.Kernel(o.Stem.Kernel, "options.stem.kernel");
        Allowed.Stride(o.Stem.Stride, "options.stem.stride");
        Allowed.Positive(o.Stem.Channels, "options.stem.channels");

        ChoiceNames.NonEmpty(o.Skeleton, "options.skeleton", "blocks (baseFilters, baseRepeats, stride)");
        int side = o.InputResolution;
        side = Shrink(side, o.Stem.Stride, "options.stem.stride", o.InputResolution);
        for (int i = 0; i < o.Skeleton.Count; i++)
        {
            var sk = o.Skeleton[i];
            string f = $"options.skeleton[{i}]";
            Allowed.Positive(sk.BaseFilters, $"{f}.baseFilters");
            Allowed.Positive(sk.BaseRepeats, $"{f}.baseRepeats");
            Allowed.Stride(sk.Stride, $"{f}.stride");
            int minRepeats = sk.BaseRepeats + o.RepeatOffsets.Min();
            if (minRepeats < 0)
                throw new ArchitectureException($"{f}.baseRepeats", $"base {sk.BaseRepeats} with offset {o.RepeatOffsets.Min()} gives {minRepeats} layers; allowed: base + offset >= 0.");
            side = Shrink(side, sk.Stride, $"{f}.stride", o.InputResolution);
        }
    }

    private static int Shrink(int side, int stride, string field, int resolution)
    {
        if (stride > 1 && side < stride)
            throw new ArchitectureException(field, $"stride {stride} on a {side}x{side} feature map (input {resolution}x{resolution}) shrinks it below 1x1; allowed here: stride 1, or a larger options.inputResolution.");
        return (side + stride - 1) / stride;
    }
}
