using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Blocks;

/// <summary>
/// Everything one block repeat computes: its body parts in forward order and its shortcut. The builder,
/// cost model, ONNX export, latency table, diagram and C# export all walk this instead of the spec.
/// </summary>
public sealed record BlockPlan(BlockSpec Spec, int InChannels, int Stride, int MidChannels, IReadOnlyList<BlockPart> Body, BlockShortcut Shortcut)
{
    public BlockOp Op => Spec.Op;
    public int OutChannels => Spec.OutChannels;

    /// <summary>The SE part of the body, if any.</summary>
    public SqueezeExcitePart? SqueezeExcite => Body.OfType<SqueezeExcitePart>().FirstOrDefault();

    /// <summary>Every part with a layer, body then the shortcut's projection, in registration order.</summary>
    public IEnumerable<BlockPart> Parts => Shortcut.Projection is { } p ? Body.Append(p) : Body;

    public static BlockPlan Of(BlockSpec b, int inChannels, int stride)
    {
        var definition = BlockDefinitions.For(b.Op);
        return new BlockPlan(b, inChannels, stride, definition.MidChannels(b, inChannels),
            definition.Body(b, inChannels, stride), BlockShortcut.For(b, inChannels, stride));
    }
}

/// <summary>One repeat of a stage in a network: where it sits ("stages.i.j") and its plan.</summary>
public sealed record BlockRepeat(int Stage, int Index, BlockPlan Plan)
{
    public string Name => $"stages.{Stage}.{Index}";
}

/// <summary>The repeats of a block network in forward order: only the first repeat of a stage strides, later ones take the stage's output width.</summary>
public static class BlockRepeats
{
    public static IReadOnlyList<BlockRepeat> Of(BlockNetwork net)
    {
        var repeats = new List<BlockRepeat>();
        int c = net.Stem.Channels;
        for (int i = 0; i < net.Stages.Count; i++)
        {
            var spec = net.Stages[i];
            for (int j = 0; j < spec.Repeats; j++)
            {
                repeats.Add(new BlockRepeat(i, j, BlockPlan.Of(spec, c, j == 0 ? spec.Stride : 1)));
                c = spec.OutChannels;
            }
        }
        return repeats;
    }
}
