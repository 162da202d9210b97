namespace NasLab.Evaluator;

/// <summary>
/// Turns one stored uint8 image into its normalized float CHW output: resize (if the geometry asks),
/// grey->N channel replication, crop from a zero-padded image, horizontal flip, normalization, cutout.
/// Padding is done with raw pixel value 0 before normalization (as torchvision's RandomCrop on
/// images), while cutout sets normalized values to 0 (the channel mean), as in DeVries &amp; Taylor.
/// Holds a scratch buffer, so use one instance per thread.
/// </summary>
public sealed class SampleTransformer
{
    private readonly int _inChannels, _inHeight, _inWidth;
    private readonly SampleGeometry _geometry;
    private readonly int _padding, _cutoutSize;
    private readonly float[] _lookup;
    private readonly byte[]? _resized;

    public SampleGeometry Geometry => _geometry;

    /// <param name="augmentation">Null for evaluation: no crop, flip or cutout.</param>
    public SampleTransformer(ImageDataset dataset, SampleGeometry geometry, ChannelNormalization normalization, AugmentationOptions? augmentation)
    {
        geometry.Validate(dataset);
        if (normalization.Channels != geometry.Channels)
            throw new ArgumentException($"Normalization has {normalization.Channels} channels, output has {geometry.Channels}; use ForChannels({geometry.Channels}).");
        if (augmentation is { CropPadding: < 0 } or { CutoutSize: < 0 })
            throw new ArgumentException("Crop padding and cutout size must not be negative.");
        _inChannels = dataset.Channels;
        _inHeight = dataset.Height;
        _inWidth = dataset.Width;
        _geometry = geometry;
        _padding = augmentation?.CropPadding ?? 0;
        _cutoutSize = augmentation?.CutoutSize ?? 0;
        _lookup = normalization.BuildLookupTable();
        if (geometry.Height != _inHeight || geometry.Width != _inWidth)
            _resized = new byte[_inChannels * geometry.Height * geometry.Width];
    }

    /// <summary>Writes the transformed image into <paramref name="destination"/> (exactly C*H*W of the output geometry).</summary>
    public void Transform(ReadOnlySpan<byte> source, Span<float> destination, in AugmentationParameters p)
    {
        int h = _geometry.Height, w = _geometry.Width, plane = h * w;
        if (destination.Length != _geometry.Channels * plane)
            throw new ArgumentException($"Destination has {destination.Length} floats, expected {_geometry.ImageSize}.");

        if (_resized is not null)
        {
            ImageResizer.Resize(source, _inChannels, _inHeight, _inWidth, _resized, h, w, _geometry.ResizeMode);
            source = _resized;
        }

        int shiftY = p.CropY - _padding, shiftX = p.CropX - _padding;
        for (int c = 0; c < _geometry.Channels; c++)
        {
            var table = _lookup.AsSpan(c * 256, 256);
            float padValue = table[0];
            var inPlane = source.Slice((_inChannels == 1 ? 0 : c) * plane, plane);
            var outPlane = destination.Slice(c * plane, plane);
            for (int y = 0; y < h; y++)
            {
                var outRow = outPlane.Slice(y * w, w);
                int sy = y + shiftY;
                if ((uint)sy >= (uint)h) { outRow.Fill(padValue); continue; }
                var inRow = inPlane.Slice(sy * w, w);
                for (int x = 0; x < w; x++)
                {
                    // Crop then flip: output column x shows cropped column (w-1-x) when flipped.
                    int sx = (p.Flip ? w - 1 - x : x) + shiftX;
                    outRow[x] = (uint)sx < (uint)w ? table[inRow[sx]] : padValue;
                }
            }
        }

        if (_cutoutSize > 0 && p.CutoutY >= 0)
        {
            var (y0, y1) = CutoutRange(p.CutoutY, _cutoutSize, h);
            var (x0, x1) = CutoutRange(p.CutoutX, _cutoutSize, w);
            for (int c = 0; c < _geometry.Channels; c++)
                for (int y = y0; y < y1; y++)
                    destination.Slice(c * plane + y * w + x0, x1 - x0).Clear();
        }
    }

    /// <summary>Rows (or columns) [start, end) of a cutout of <paramref name="size"/> centred at <paramref name="centre"/>, clipped to the image.</summary>
    public static (int Start, int End) CutoutRange(int centre, int size, int extent)
    {
        int start = centre - size / 2;
        return (Math.Clamp(start, 0, extent), Math.Clamp(start + size, 0, extent));
    }
}
