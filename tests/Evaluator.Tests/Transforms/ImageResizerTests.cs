namespace NasLab.Evaluator.Tests;

public class ImageResizerTests
{
    [Fact]
    public void Bilinear_upsampling_uses_half_pixel_centres()
    {
        // align_corners=False: output x maps to (x + 0.5) * 2/4 - 0.5 = -0.25, 0.25, 0.75, 1.25 -> 0, 25, 75, 100.
        var dst = new byte[4];
        ImageResizer.Resize([0, 100], 1, 1, 2, dst, 1, 4, ResizeMode.Bilinear);
        Assert.Equal([0, 25, 75, 100], dst);
    }

    [Fact]
    public void Bilinear_downsampling_by_two_averages_pairs()
    {
        // 4 -> 2: source positions 0.5 and 2.5 -> means of (10,20) and (30,40).
        var dst = new byte[2];
        ImageResizer.Resize([10, 20, 30, 40], 1, 1, 4, dst, 1, 2, ResizeMode.Bilinear);
        Assert.Equal([15, 35], dst);
    }

    [Fact]
    public void Nearest_picks_floor_of_scaled_coordinate_per_channel()
    {
        // 2 channels of 2x4; to 1x2: row 0, columns 0 and 2.
        byte[] src = [1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16, 17, 18];
        var dst = new byte[4];
        ImageResizer.Resize(src, 2, 2, 4, dst, 1, 2, ResizeMode.Nearest);
        Assert.Equal([1, 3, 11, 13], dst);
    }

    [Fact]
    public void Same_size_is_the_identity()
    {
        byte[] src = Enumerable.Range(0, 12).Select(i => (byte)(i * 20)).ToArray();
        foreach (var mode in new[] { ResizeMode.Nearest, ResizeMode.Bilinear })
        {
            var dst = new byte[12];
            ImageResizer.Resize(src, 1, 3, 4, dst, 3, 4, mode);
            Assert.Equal(src, dst);
        }
    }
}
