using NasLab.SearchSpace.Randomness;

namespace NasLab.Evaluator;

/// <summary>
/// The random choices for one sample, drawn before the pixels are touched. Separating the draw from
/// the application lets tests hand-check the pixel work with fixed parameters.
/// </summary>
/// <param name="CropY">Top of the crop window in the padded image, 0..2*padding (padding = no shift).</param>
/// <param name="CropX">Left of the crop window in the padded image.</param>
/// <param name="Flip">Mirror left-right after cropping.</param>
/// <param name="CutoutY">Centre row of the cutout square, or -1 for none.</param>
/// <param name="CutoutX">Centre column of the cutout square.</param>
public readonly record struct AugmentationParameters(int CropY, int CropX, bool Flip, int CutoutY, int CutoutX)
{
    /// <summary>No change at the given padding (crop window centred, no flip, no cutout).</summary>
    public static AugmentationParameters Identity(int padding) => new(padding, padding, false, -1, -1);

    /// <summary>
    /// Draws the parameters, always in the same order (crop y, crop x, flip, cutout y, cutout x, only for
    /// enabled knobs), so a (seed, epoch, sample) triple always gives the same result.
    /// </summary>
    public static AugmentationParameters Draw(AugmentationOptions options, ref SplitMix64 rng, int height, int width)
    {
        int pad = options.CropPadding;
        int cropY = pad, cropX = pad;
        if (pad > 0)
        {
            cropY = rng.NextInt(2 * pad + 1);
            cropX = rng.NextInt(2 * pad + 1);
        }
        bool flip = options.HorizontalFlip && (rng.NextUInt64() >> 63) == 1;
        int cutY = -1, cutX = -1;
        if (options.CutoutSize > 0)
        {
            cutY = rng.NextInt(height);
            cutX = rng.NextInt(width);
        }
        return new AugmentationParameters(cropY, cropX, flip, cutY, cutX);
    }
}
