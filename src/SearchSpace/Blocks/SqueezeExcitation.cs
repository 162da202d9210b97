using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Blocks;

/// <summary>The SE styles (<see cref="SeStyle"/>): reduced width, activation and gate.</summary>
public static class SqueezeExcitation
{
    /// <summary>Squeeze width for a block with <paramref name="blockIn"/> inputs whose SE acts on <paramref name="channels"/> (0 = no SE).</summary>
    public static int Reduced(BlockSpec b, int blockIn, int channels)
    {
        if (b.SeRatio <= 0) return 0;
        return b.SeStyle switch
        {
            // MnasNet / EfficientNet / MixNet: relative to the block input.
            SeStyle.Block => Math.Max(1, (int)(blockIn * b.SeRatio)),
            // MobileNetV3: relative to the expanded width, rounded to a multiple of 8.
            _ => Channels.MakeDivisible(channels * b.SeRatio),
        };
    }

    /// <summary>The SE part "se" of a block, or null when it has none.</summary>
    public static SqueezeExcitePart? Part(BlockSpec b, int blockIn, int channels)
    {
        int r = Reduced(b, blockIn, channels);
        return r == 0 ? null : Part(b.SeStyle, b.Activation, channels, r);
    }

    /// <summary>Block style: the block's activation and a sigmoid gate; MobileNetV3 style: ReLU and a hard-sigmoid gate.</summary>
    public static SqueezeExcitePart Part(SeStyle style, Activation blockActivation, int channels, int reduced) => style == SeStyle.Block
        ? new SqueezeExcitePart("se", channels, reduced, blockActivation, SeGate.Sigmoid)
        : new SqueezeExcitePart("se", channels, reduced, Activation.ReLU, SeGate.HardSigmoid);
}
