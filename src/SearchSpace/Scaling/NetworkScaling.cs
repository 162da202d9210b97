using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Validation;

namespace NasLab.SearchSpace.Scaling;

/// <summary>Width, depth and resolution multipliers applicable to any architecture description.</summary>
public static class NetworkScaling
{
    public static int ScaleChannels(int c, double w, ChannelRounding rounding) =>
        rounding == ChannelRounding.Truncate ? Math.Max(1, (int)(c * w)) : Channels.MakeDivisible(c * w);

    /// <summary>Scales stem, stage outputs, explicit expanded widths and (if <paramref name="scaleHead"/>) the head widths.</summary>
    public static NetworkArchitecture Width(NetworkArchitecture net, double w,
        ChannelRounding rounding = ChannelRounding.MakeDivisible8, bool scaleHead = true)
    {
        if (w <= 0) throw new ArchitectureException("width", $"multiplier must be positive, got {w}.");
        int S(int c) => ScaleChannels(c, w, rounding);
        switch (net)
        {
            case BlockNetwork b:
                return b with
                {
                    Stem = b.Stem with { Channels = S(b.Stem.Channels) },
                    Stages = ValueList.From(b.Stages.Select(s => s with
                    {
                        OutChannels = S(s.OutChannels),
                        ExpandedChannels = s.ExpandedChannels is int e ? S(e) : null,
                    })),
                    Head = scaleHead ? b.Head with
                    {
                        ConvChannels = b.Head.ConvChannels is int hc ? S(hc) : null,
                        HiddenFeatures = b.Head.HiddenFeatures is int hf ? S(hf) : null,
                    } : b.Head,
                };
            case CellNetwork c:
                // Factorized reductions need an even F (and even F / rate^k in the stem cells); round to a multiple of 8 like the TF configs.
                return c with { Filters = Channels.MakeDivisible(c.Filters * w), StemFilters = S(c.StemFilters) };
            default: throw new ArgumentException($"Unknown architecture type {net.GetType().Name}.");
        }
    }

    /// <summary>Repeats become ceil(n * d) per stage (EfficientNet); for cell networks N becomes ceil(N * d).</summary>
    public static NetworkArchitecture Depth(NetworkArchitecture net, double d)
    {
        if (d <= 0) throw new ArchitectureException("depth", $"multiplier must be positive, got {d}.");
        return net switch
        {
            BlockNetwork b => b with { Stages = ValueList.From(b.Stages.Select(s => s with { Repeats = (int)Math.Ceiling(s.Repeats * d - 1e-9) })) },
            CellNetwork c => c with { CellsPerStack = (int)Math.Ceiling(c.CellsPerStack * d - 1e-9) },
            _ => throw new ArgumentException($"Unknown architecture type {net.GetType().Name}."),
        };
    }

    /// <summary>Input side becomes round(r * side).</summary>
    public static NetworkArchitecture Resolution(NetworkArchitecture net, double r)
    {
        if (r <= 0) throw new ArchitectureException("resolution", $"multiplier must be positive, got {r}.");
        return net with { InputResolution = (int)Math.Round(net.InputResolution * r) };
    }

    public static NetworkArchitecture WithResolution(NetworkArchitecture net, int side) => net with { InputResolution = side };

    /// <summary>Applies width, then depth, then sets the resolution (the EfficientNet order; they commute anyway).</summary>
    public static NetworkArchitecture Apply(NetworkArchitecture net, double width, double depth, int resolution) =>
        WithResolution(Depth(Width(net, width), depth), resolution);
}
