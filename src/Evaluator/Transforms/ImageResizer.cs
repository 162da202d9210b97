namespace NasLab.Evaluator;

/// <summary>
/// Resizes channel-planar uint8 images, for proxy-resolution knobs (e.g. 28->32 for Fashion-MNIST,
/// 32->24 for cheaper proxies). Works on bytes so the normalization table still applies afterwards.
/// </summary>
public static class ImageResizer
{
    public static void Resize(ReadOnlySpan<byte> source, int channels, int inHeight, int inWidth,
        Span<byte> destination, int outHeight, int outWidth, ResizeMode mode)
    {
        if (source.Length != channels * inHeight * inWidth)
            throw new ArgumentException($"Source has {source.Length} bytes, expected {channels}x{inHeight}x{inWidth}.");
        if (destination.Length != channels * outHeight * outWidth)
            throw new ArgumentException($"Destination has {destination.Length} bytes, expected {channels}x{outHeight}x{outWidth}.");

        if (mode == ResizeMode.Nearest)
        {
            Span<int> srcX = stackalloc int[outWidth];
            for (int x = 0; x < outWidth; x++) srcX[x] = (int)((long)x * inWidth / outWidth);
            for (int c = 0; c < channels; c++)
            {
                var inPlane = source.Slice(c * inHeight * inWidth, inHeight * inWidth);
                var outPlane = destination.Slice(c * outHeight * outWidth, outHeight * outWidth);
                for (int y = 0; y < outHeight; y++)
                {
                    var inRow = inPlane.Slice((int)((long)y * inHeight / outHeight) * inWidth, inWidth);
                    var outRow = outPlane.Slice(y * outWidth, outWidth);
                    for (int x = 0; x < outWidth; x++) outRow[x] = inRow[srcX[x]];
                }
            }
            return;
        }

        Span<int> x0 = stackalloc int[outWidth];
        Span<int> x1 = stackalloc int[outWidth];
        Span<float> wx = stackalloc float[outWidth];
        BilinearTaps(inWidth, outWidth, x0, x1, wx);
        Span<int> y0 = stackalloc int[outHeight];
        Span<int> y1 = stackalloc int[outHeight];
        Span<float> wy = stackalloc float[outHeight];
        BilinearTaps(inHeight, outHeight, y0, y1, wy);

        for (int c = 0; c < channels; c++)
        {
            var inPlane = source.Slice(c * inHeight * inWidth, inHeight * inWidth);
            var outPlane = destination.Slice(c * outHeight * outWidth, outHeight * outWidth);
            for (int y = 0; y < outHeight; y++)
            {
                var top = inPlane.Slice(y0[y] * inWidth, inWidth);
                var bottom = inPlane.Slice(y1[y] * inWidth, inWidth);
                float fy = wy[y];
                for (int x = 0; x < outWidth; x++)
                {
                    float t = top[x0[x]] + (top[x1[x]] - top[x0[x]]) * wx[x];
                    float b = bottom[x0[x]] + (bottom[x1[x]] - bottom[x0[x]]) * wx[x];
                    float v = t + (b - t) * fy;
                    outPlane[y * outWidth + x] = (byte)Math.Clamp((int)MathF.Round(v, MidpointRounding.AwayFromZero), 0, 255);
                }
            }
        }
    }

    /// <summary>For each output coordinate: the two source coordinates and the weight of the second.</summary>
    private static void BilinearTaps(int inSize, int outSize, Span<int> i0, Span<int> i1, Span<float> weight)
    {
        double scale = (double)inSize / outSize;
        for (int o = 0; o < outSize; o++)
        {
            double s = Math.Max((o + 0.5) * scale - 0.5, 0);
            int a = Math.Min((int)s, inSize - 1);
            i0[o] = a;
            i1[o] = Math.Min(a + 1, inSize - 1);
            weight[o] = (float)(s - a);
        }
    }
}
