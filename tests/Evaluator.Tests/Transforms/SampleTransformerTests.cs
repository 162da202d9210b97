using NasLab.SearchSpace.Randomness;

namespace NasLab.Evaluator.Tests;

public class SampleTransformerTests
{
    // 1 channel, 3x3, pixel values 1..9 row-major.
    private static readonly ImageDataset Tiny = DataFiles.InMemory([0], 1, 3, 3, 1, (_, _, y, x) => (byte)(1 + y * 3 + x));

    /// <summary>Transforms Tiny with unit normalization and returns the output as pixel bytes (value * 255).</summary>
    private static int[] Run(ImageDataset ds, AugmentationOptions? aug, AugmentationParameters p, SampleGeometry? geometry = null)
    {
        geometry ??= SampleGeometry.Of(ds);
        var t = new SampleTransformer(ds, geometry, ChannelNormalization.Unit(geometry.Channels), aug);
        var output = new float[geometry.ImageSize];
        t.Transform(ds.Image(0), output, p);
        return output.Select(v => (int)MathF.Round(v * 255)).ToArray();
    }

    [Fact]
    public void Crop_at_top_left_of_the_padded_image_shifts_content_down_right_with_zero_fill()
    {
        var aug = new AugmentationOptions(CropPadding: 1, HorizontalFlip: false);
        Assert.Equal([0, 0, 0,
                      0, 1, 2,
                      0, 4, 5], Run(Tiny, aug, new AugmentationParameters(0, 0, false, -1, -1)));
    }

    [Fact]
    public void Crop_then_flip_is_hand_checked()
    {
        // Window at padded (row 2, col 1) = original rows 1..3 (3 is padding), columns 0..2; then mirrored.
        var aug = new AugmentationOptions(CropPadding: 1);
        Assert.Equal([6, 5, 4,
                      9, 8, 7,
                      0, 0, 0], Run(Tiny, aug, new AugmentationParameters(2, 1, true, -1, -1)));
    }

    [Fact]
    public void Centred_crop_without_flip_is_the_identity()
    {
        Assert.Equal(Enumerable.Range(1, 9), Run(Tiny, AugmentationOptions.Standard, AugmentationParameters.Identity(4)));
        Assert.Equal(Enumerable.Range(1, 9), Run(Tiny, null, AugmentationParameters.Identity(0)));
    }

    [Fact]
    public void Padding_is_a_black_pixel_normalized_like_any_other()
    {
        var norm = new ChannelNormalization([0.5], [0.25]);
        var t = new SampleTransformer(Tiny, SampleGeometry.Of(Tiny), norm, new AugmentationOptions(1, false));
        var output = new float[9];
        t.Transform(Tiny.Image(0), output, new AugmentationParameters(0, 0, false, -1, -1));
        Assert.Equal(-2f, output[0], 5);                       // (0 - 0.5) / 0.25
        Assert.Equal((1 / 255f - 0.5f) / 0.25f, output[4], 5); // original pixel 1
    }

    [Fact]
    public void Cutout_zeroes_exactly_the_expected_square_in_every_channel()
    {
        var ds = DataFiles.InMemory([0], 3, 6, 6, 1, (_, _, _, _) => 255);
        var geometry = SampleGeometry.Of(ds);
        var t = new SampleTransformer(ds, geometry, ChannelNormalization.Unit(3), new AugmentationOptions(0, false, CutoutSize: 2));
        var output = new float[3 * 36];
        // Centre (3, 4), size 2 -> rows 2..3, columns 3..4.
        t.Transform(ds.Image(0), output, new AugmentationParameters(0, 0, false, 3, 4));
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 6; y++)
                for (int x = 0; x < 6; x++)
                    Assert.Equal(y is 2 or 3 && x is 3 or 4 ? 0f : 1f, output[c * 36 + y * 6 + x]);

        // At the corner the square is clipped: centre (0, 0), size 4 -> rows 0..1, columns 0..1.
        var t4 = new SampleTransformer(ds, geometry, ChannelNormalization.Unit(3), new AugmentationOptions(0, false, CutoutSize: 4));
        t4.Transform(ds.Image(0), output, new AugmentationParameters(0, 0, false, 0, 0));
        Assert.Equal(4 * 3, output.Count(v => v == 0f));
        Assert.Equal(0f, output[36 + 7]); // channel 1, (1, 1)
    }

    [Fact]
    public void Drawn_parameters_are_deterministic_in_range_and_flip_about_half()
    {
        var aug = new AugmentationOptions(CropPadding: 4, HorizontalFlip: true, CutoutSize: 8);
        int flips = 0;
        var seenCrops = new HashSet<int>();
        for (int i = 0; i < 2000; i++)
        {
            var r1 = new SplitMix64((ulong)i);
            var r2 = new SplitMix64((ulong)i);
            var p = AugmentationParameters.Draw(aug, ref r1, 32, 32);
            Assert.Equal(p, AugmentationParameters.Draw(aug, ref r2, 32, 32));
            Assert.InRange(p.CropY, 0, 8);
            Assert.InRange(p.CropX, 0, 8);
            Assert.InRange(p.CutoutY, 0, 31);
            Assert.InRange(p.CutoutX, 0, 31);
            seenCrops.Add(p.CropY * 9 + p.CropX);
            if (p.Flip) flips++;
        }
        Assert.Equal(81, seenCrops.Count);
        Assert.InRange(flips, 900, 1100);
    }

    [Fact]
    public void Grayscale_is_replicated_to_three_identical_channels()
    {
        var output = Run(Tiny, null, AugmentationParameters.Identity(0), SampleGeometry.Of(Tiny).WithChannels(3));
        Assert.Equal(27, output.Length);
        Assert.Equal(output[..9], output[9..18]);
        Assert.Equal(output[..9], output[18..]);
        Assert.Equal(Enumerable.Range(1, 9), output[..9]);
    }

    [Fact]
    public void Resize_happens_before_cropping_at_the_output_resolution()
    {
        var ds = DataFiles.InMemory([0], 1, 2, 2, 1, (_, _, y, x) => (byte)(y * 100 + x * 100));
        var output = Run(ds, new AugmentationOptions(1, false), new AugmentationParameters(1, 2, false, -1, -1),
            SampleGeometry.Of(ds).Resized(4, 4, ResizeMode.Bilinear));
        // Bilinear 2x2 -> 4x4 gives rows [0,25,75,100], [25,50,100,125]..., then shifted left by one column with zero fill.
        Assert.Equal([25, 75, 100, 0,
                      50, 100, 125, 0,
                      100, 150, 175, 0,
                      125, 175, 200, 0], output);
    }
}
