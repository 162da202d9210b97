using System.Globalization;
using NasLab.LatencyOracle.Export;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Blocks;
using NasLab.SearchSpace.Validation;

namespace NasLab.LatencyOracle.Lut;

/// <summary>
/// Splits a <see cref="BlockNetwork"/> into the parts a latency lookup table stores (FBNet /
/// ProxylessNAS style). A part's key holds everything that changes its computation (op, channels,
/// expansion, kernels, stride, SE, effective skip, activation, groups, input side) and nothing
/// else, so equal blocks in different networks share one measurement.
/// </summary>
public static class BlockNetworkParts
{
    public static IReadOnlyList<LutPart> Of(BlockNetwork net)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArchitectureValidator.Validate(net);
        var parts = new List<LutPart>();
        int side = net.InputResolution, c = net.Stem.Channels;
        var stem = net.Stem;
        var stemSide = side;
        parts.Add(new LutPart(
            Invariant($"stem|k={stem.Kernel}|s={stem.Stride}|out={stem.Channels}|act={Name(stem.Activation)}|res={stemSide}"),
            "stem", () => Model("stem", 3, stemSide, (e, x) => BlockNetworkGraph.Stem(e, x, stem))));
        side = Ceil(side, stem.Stride);

        foreach (var repeat in BlockRepeats.Of(net))
        {
            var (plan, prefix, inSide) = (repeat.Plan, repeat.Name, side);
            parts.Add(new LutPart(BlockKey(plan, inSide), prefix,
                () => Model(prefix, plan.InChannels, inSide, (e, x) => BlockNetworkGraph.Block(e, x, plan, prefix))));
            side = Ceil(side, plan.Stride);
            c = plan.OutChannels;
        }

        var head = net.Head;
        int headIn = c, headSide = side, classes = net.NumClasses;
        parts.Add(new LutPart(
            Invariant($"head|in={headIn}|conv={head.ConvChannels?.ToString(CultureInfo.InvariantCulture) ?? "-"}:{Name(head.ConvActivation)}") +
            Invariant($"|hidden={head.HiddenFeatures?.ToString(CultureInfo.InvariantCulture) ?? "-"}:{Name(head.HiddenActivation)}") +
            Invariant($"|cls={head.Classifier}:{classes}|res={headSide}"),
            "head", () => Model("head", headIn, headSide, (e, x) => BlockNetworkGraph.Head(e, x, head, classes))));
        return parts;
    }

    /// <summary>The table key of one block repeat with <paramref name="cin"/> input channels on a <paramref name="side"/>² map.</summary>
    public static string BlockKey(BlockSpec b, int cin, int stride, int side) => BlockKey(BlockPlan.Of(b, cin, stride), side);

    /// <summary>The table key of a planned block repeat on a <paramref name="side"/>² map.</summary>
    public static string BlockKey(BlockPlan plan, int side)
    {
        var b = plan.Spec;
        var se = plan.SqueezeExcite?.Reduced ?? 0;
        var skip = plan.Shortcut.Kind.ToString().ToLowerInvariant();
        return Invariant($"block|op={b.Op}|in={plan.InChannels}|out={b.OutChannels}|mid={plan.MidChannels}|k={string.Join(",", b.Kernels)}|s={plan.Stride}") +
               Invariant($"|se={se}{(se > 0 ? ":" + b.SeStyle : "")}|skip={skip}|act={Name(b.Activation)}") +
               Invariant($"|g={b.ExpandGroups},{b.ProjectGroups}|pact={(b.ProjectActivation ? 1 : 0)}|res={side}");
    }

    private static byte[] Model(string name, int channels, int side, Func<LayerEmitter, Graph.OnnxValue, Graph.OnnxValue> body)
    {
        // Random weights: latency does not depend on values, and a table must not need trained ones.
        var (g, emitter, x) = OnnxExporter.Begin(name, new RandomWeights(), channels, side, ExportOptions.Default);
        g.Output(body(emitter, x), "output");
        return g.ToBytes();
    }

    private static int Ceil(int side, int stride) => (side + stride - 1) / stride;

    private static string Name(Activation a) => a.ToString().ToLowerInvariant();

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
