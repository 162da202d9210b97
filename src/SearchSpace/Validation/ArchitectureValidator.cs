using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;

namespace NasLab.SearchSpace.Validation;

/// <summary>Checks an architecture description; throws <see cref="ArchitectureException"/> naming the field.</summary>
public static class ArchitectureValidator
{
    public static void Validate(NetworkArchitecture net)
    {
        Allowed.Positive(net.NumClasses, "numClasses");
        Allowed.Positive(net.InputResolution, "inputResolution");
        switch (net)
        {
            case BlockNetwork b: ValidateBlocks(b); break;
            case CellNetwork c: ValidateCells(c); break;
        }
    }

    private static void ValidateBlocks(BlockNetwork net)
    {
        Allowed.Kernel(net.Stem.Kernel, "stem.kernel");
        Allowed.Stride(net.Stem.Stride, "stem.stride");
        Allowed.Positive(net.Stem.Channels, "stem.channels");
        int side = Shrink(net.InputResolution, net.Stem.Stride, "stem.stride", net.InputResolution);
        int c = net.Stem.Channels;
        for (int i = 0; i < net.Stages.Count; i++)
        {
            var b = net.Stages[i];
            string f = $"stages[{i}]";
            ValidateBlock(b, f);
            if (b.Repeats == 0) continue;
            side = Shrink(side, b.Stride, $"{f}.stride", net.InputResolution);
            CheckGroups(b, c, f);
            if (b.Repeats > 1) CheckGroups(b, b.OutChannels, f);
            c = b.OutChannels;
        }
        var h = net.Head;
        if (h.ConvChannels is int hc) Allowed.Positive(hc, "head.convChannels");
        if (h.HiddenFeatures is int hf) Allowed.Positive(hf, "head.hiddenFeatures");
        if (h.Dropout is < 0 or >= 1) throw new ArchitectureException("head.dropout", $"must be in [0, 1), got {h.Dropout}.");
    }

    private static void ValidateBlock(BlockSpec b, string f)
    {
        if (b.Repeats < 0) throw new ArchitectureException($"{f}.repeats", $"must be at least 0, got {b.Repeats}.");
        if (b.Kernels.Count == 0) throw new ArchitectureException($"{f}.kernels", $"needs at least one kernel; allowed kernels: {Allowed.List(Allowed.Kernels)}.");
        foreach (var k in b.Kernels) Allowed.Kernel(k, $"{f}.kernels");
        if (b.Op == BlockOp.Conv && b.Kernels.Count > 1)
            throw new ArchitectureException($"{f}.kernels", $"a regular conv takes one kernel, got [{Allowed.List(b.Kernels)}]; MixConv kernel groups need sep or mbconv.");
        Allowed.Stride(b.Stride, $"{f}.stride");
        Allowed.Positive(b.OutChannels, $"{f}.outChannels");
        if (b.SeRatio is < 0 or > 1) throw new ArchitectureException($"{f}.seRatio", $"must be in [0, 1], got {b.SeRatio}.");
        Allowed.Positive(b.ExpandGroups, $"{f}.expandGroups");
        Allowed.Positive(b.ProjectGroups, $"{f}.projectGroups");
        if (b.Op == BlockOp.MBConv)
        {
            if (b.ExpandedChannels is int e) Allowed.Positive(e, $"{f}.expandedChannels");
            else if (b.Expansion <= 0) throw new ArchitectureException($"{f}.expansion", $"must be positive, got {b.Expansion}.");
            if (b.ProjectActivation) throw new ArchitectureException($"{f}.projectActivation", "MBConv projections are linear; only sep blocks take a pointwise activation.");
        }
        else
        {
            if (b.Expansion != 1.0 || b.ExpandedChannels is not null)
                throw new ArchitectureException($"{f}.expansion", $"only mbconv blocks expand; a {b.Op} block needs expansion 1 and no expanded width.");
            if (b.ExpandGroups != 1) throw new ArchitectureException($"{f}.expandGroups", $"only mbconv blocks have an expand conv; a {b.Op} block needs 1.");
            if (b.Op == BlockOp.Conv && (b.ProjectGroups != 1 || b.ProjectActivation))
                throw new ArchitectureException($"{f}.projectGroups", "a regular conv block has no pointwise conv; needs projectGroups 1 and no projectActivation.");
        }
    }

    private static void CheckGroups(BlockSpec b, int cin, string f)
    {
        int mid = b.MidChannels(cin);
        if (b.Op == BlockOp.MBConv && mid != cin && (cin % b.ExpandGroups != 0 || mid % b.ExpandGroups != 0))
            throw new ArchitectureException($"{f}.expandGroups", $"{b.ExpandGroups} groups do not divide {cin} -> {mid} channels.");
        if (b.Op != BlockOp.Conv && (mid % b.ProjectGroups != 0 || b.OutChannels % b.ProjectGroups != 0))
            throw new ArchitectureException($"{f}.projectGroups", $"{b.ProjectGroups} groups do not divide {mid} -> {b.OutChannels} channels.");
        if (b.Kernels.Count > mid)
            throw new ArchitectureException($"{f}.kernels", $"{b.Kernels.Count} kernel groups need at least as many channels, got {mid}.");
    }

    /// <summary>Side after a stride; striding a map smaller than the stride would leave less than one pixel per output.</summary>
    private static int Shrink(int side, int stride, string field, int resolution)
    {
        if (stride > 1 && side < stride)
            throw new ArchitectureException(field, $"stride {stride} on a {side}x{side} feature map (input {resolution}x{resolution}) shrinks it below 1x1; allowed here: stride 1, or a larger input resolution.");
        return (side + stride - 1) / stride;
    }

    private static void ValidateCells(CellNetwork net)
    {
        Allowed.Positive(net.CellsPerStack, "cellsPerStack");
        Allowed.Positive(net.Filters, "filters");
        Allowed.Positive(net.StemFilters, "stemFilters");
        if (net.Reductions < 0) throw new ArchitectureException("reductions", $"must be at least 0, got {net.Reductions}.");
        if (net.StemCells < 0) throw new ArchitectureException("stemCells", $"must be at least 0, got {net.StemCells}.");
        if (net.Stem == CellStem.Cifar && net.StemCells != 0)
            throw new ArchitectureException("stemCells", "the cifar stem has no stem cells; allowed: 0.");
        if (net.Filters < 2) throw new ArchitectureException("filters", $"factorized reductions split F in two halves; F must be at least 2, got {net.Filters}.");
        if (net.Stem == CellStem.ImageNet)
        {
            double scaling = 1.0 / Math.Pow(net.FilterScalingRate, net.StemCells);
            for (int i = 0; i < net.StemCells; i++, scaling *= net.FilterScalingRate)
            {
                int f = (int)(net.Filters * scaling);
                if (f < 2)
                    throw new ArchitectureException("filters", $"stem cell {i} gets {f} filters (F / {net.FilterScalingRate}^{net.StemCells - i}); it must be at least 2.");
            }
            if (net.InputResolution < 3) throw new ArchitectureException("inputResolution", "the ImageNet stem's unpadded 3x3 conv needs at least 3x3 input.");
        }
        ValidateGenotype(net.Normal, "normal");
        ValidateGenotype(net.Reduction, "reduction");
        if (net.Dropout is < 0 or >= 1) throw new ArchitectureException("dropout", $"must be in [0, 1), got {net.Dropout}.");
    }

    public static void ValidateGenotype(CellGenotype g, string f)
    {
        if (g.Blocks.Count == 0) throw new ArchitectureException($"{f}.blocks", "a cell needs at least one block.");
        for (int b = 0; b < g.Blocks.Count; b++)
        {
            var blk = g.Blocks[b];
            foreach (var (input, side) in new[] { (blk.Input1, "input1"), (blk.Input2, "input2") })
                if (input < 0 || input >= b + 2)
                    throw new ArchitectureException($"{f}.blocks[{b}].{side}", $"state {input} is not available; allowed: {Allowed.List(Enumerable.Range(0, b + 2).Select(CellGenotype.StateName))}.");
        }
        if (g.Concat.Count == 0) throw new ArchitectureException($"{f}.concat", "the cell output needs at least one state.");
        if (g.Concat.Distinct().Count() != g.Concat.Count) throw new ArchitectureException($"{f}.concat", "states are listed twice.");
        foreach (var s in g.Concat)
            if (s < 0 || s >= g.Blocks.Count + 2)
                throw new ArchitectureException($"{f}.concat", $"state {s} does not exist; allowed: {Allowed.List(Enumerable.Range(0, g.Blocks.Count + 2).Select(CellGenotype.StateName))}.");
    }
}
