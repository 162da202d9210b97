using NasLab.LatencyOracle.Runtime;

namespace NasLab.LatencyOracle.Tests.Reference;

/// <summary>
/// Straightforward loop implementations of the ONNX operators, written from the operator definitions,
/// used as the independent truth ORT's results are compared with. Accumulation is in double.
/// </summary>
internal static class NaiveOps
{
    /// <summary>NCHW conv; weight [O, C/group, kh, kw]; pads [top, left, bottom, right].</summary>
    public static FloatTensor Conv2d(FloatTensor x, float[] weight, int kh, int kw, float[]? bias,
        int group = 1, int strideH = 1, int strideW = 1, int[]? pads = null, int dilationH = 1, int dilationW = 1)
    {
        pads ??= [0, 0, 0, 0];
        var (n, c, h, w) = Dims(x);
        var outChannels = weight.Length / (c / group * kh * kw);
        var cPerGroup = c / group;
        var oPerGroup = outChannels / group;
        var outH = (h + pads[0] + pads[2] - dilationH * (kh - 1) - 1) / strideH + 1;
        var outW = (w + pads[1] + pads[3] - dilationW * (kw - 1) - 1) / strideW + 1;
        var y = new float[n * outChannels * outH * outW];
        for (var b = 0; b < n; b++)
        for (var o = 0; o < outChannels; o++)
        {
            var g = o / oPerGroup;
            for (var oy = 0; oy < outH; oy++)
            for (var ox = 0; ox < outW; ox++)
            {
                double sum = bias?[o] ?? 0;
                for (var ci = 0; ci < cPerGroup; ci++)
                for (var ky = 0; ky < kh; ky++)
                for (var kx = 0; kx < kw; kx++)
                {
                    var iy = oy * strideH - pads[0] + ky * dilationH;
                    var ix = ox * strideW - pads[1] + kx * dilationW;
                    if (iy < 0 || iy >= h || ix < 0 || ix >= w)
                        continue;
                    var inChannel = g * cPerGroup + ci;
                    sum += (double)x.Data[((b * c + inChannel) * h + iy) * w + ix] *
                           weight[((o * cPerGroup + ci) * kh + ky) * kw + kx];
                }
                y[((b * outChannels + o) * outH + oy) * outW + ox] = (float)sum;
            }
        }
        return new FloatTensor(y, n, outChannels, outH, outW);
    }

    /// <summary>Inference-mode BatchNorm over channel axis 1.</summary>
    public static FloatTensor BatchNorm(FloatTensor x, float[] gamma, float[] beta, float[] mean, float[] variance, float eps)
    {
        var (n, c, h, w) = Dims(x);
        var y = new float[x.Data.Length];
        for (var i = 0; i < y.Length; i++)
        {
            var ch = i / (h * w) % c;
            y[i] = (float)((x.Data[i] - (double)mean[ch]) / Math.Sqrt((double)variance[ch] + eps) * gamma[ch] + beta[ch]);
        }
        return new FloatTensor(y, x.Shape.ToArray());
    }

    public static FloatTensor Map(FloatTensor x, Func<double, double> f) =>
        new(x.Data.Select(v => (float)f(v)).ToArray(), x.Shape.ToArray());

    public static double HardSwish(double v) => v * Math.Clamp(v + 3, 0, 6) / 6;

    public static double HardSigmoid(double v, double alpha, double beta) => Math.Clamp(alpha * v + beta, 0, 1);

    public static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>[N, C, H, W] -> [N, C, 1, 1] mean.</summary>
    public static FloatTensor GlobalAveragePool(FloatTensor x)
    {
        var (n, c, h, w) = Dims(x);
        var y = new float[n * c];
        for (var i = 0; i < n * c; i++)
        {
            double sum = 0;
            for (var k = 0; k < h * w; k++)
                sum += x.Data[i * h * w + k];
            y[i] = (float)(sum / (h * w));
        }
        return new FloatTensor(y, n, c, 1, 1);
    }

    /// <summary>y = x · weightᵀ + bias, x [M, K], weight [N, K] (PyTorch Linear).</summary>
    public static FloatTensor Linear(float[] x, int m, int k, float[] weight, int outFeatures, float[]? bias)
    {
        var y = new float[m * outFeatures];
        for (var i = 0; i < m; i++)
        for (var j = 0; j < outFeatures; j++)
        {
            double sum = bias?[j] ?? 0;
            for (var t = 0; t < k; t++)
                sum += (double)x[i * k + t] * weight[j * k + t];
            y[i * outFeatures + j] = (float)sum;
        }
        return new FloatTensor(y, m, outFeatures);
    }

    /// <summary>2-D pooling; average divides by the window's in-bounds count unless countIncludePad.</summary>
    public static FloatTensor Pool(FloatTensor x, bool max, int k, int stride, int pad, bool countIncludePad)
    {
        var (n, c, h, w) = Dims(x);
        var outH = (h + 2 * pad - k) / stride + 1;
        var outW = (w + 2 * pad - k) / stride + 1;
        var y = new float[n * c * outH * outW];
        for (var plane = 0; plane < n * c; plane++)
        for (var oy = 0; oy < outH; oy++)
        for (var ox = 0; ox < outW; ox++)
        {
            double acc = max ? double.NegativeInfinity : 0;
            var count = 0;
            for (var ky = 0; ky < k; ky++)
            for (var kx = 0; kx < k; kx++)
            {
                var iy = oy * stride - pad + ky;
                var ix = ox * stride - pad + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w)
                    continue;
                var v = x.Data[(plane * h + iy) * w + ix];
                acc = max ? Math.Max(acc, v) : acc + v;
                count++;
            }
            y[(plane * outH + oy) * outW + ox] = (float)(max ? acc : acc / (countIncludePad ? k * k : count));
        }
        return new FloatTensor(y, n, c, outH, outW);
    }

    /// <summary>Pads H and W of NCHW by (top, left, bottom, right) with ONNX Pad semantics.</summary>
    public static FloatTensor Pad(FloatTensor x, int top, int left, int bottom, int right, string mode, float value)
    {
        var (n, c, h, w) = Dims(x);
        var outH = h + top + bottom;
        var outW = w + left + right;
        var y = new float[n * c * outH * outW];
        for (var plane = 0; plane < n * c; plane++)
        for (var oy = 0; oy < outH; oy++)
        for (var ox = 0; ox < outW; ox++)
        {
            var iy = oy - top;
            var ix = ox - left;
            float v;
            if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                v = x.Data[(plane * h + iy) * w + ix];
            else if (mode == "constant")
                v = value;
            else
            {
                iy = mode == "edge" ? Math.Clamp(iy, 0, h - 1) : Reflect(iy, h);
                ix = mode == "edge" ? Math.Clamp(ix, 0, w - 1) : Reflect(ix, w);
                v = x.Data[(plane * h + iy) * w + ix];
            }
            y[(plane * outH + oy) * outW + ox] = v;
        }
        return new FloatTensor(y, n, c, outH, outW);
    }

    private static int Reflect(int i, int size) => i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i;

    private static (int N, int C, int H, int W) Dims(FloatTensor x)
    {
        Assert.Equal(4, x.Shape.Count);
        return ((int)x.Shape[0], (int)x.Shape[1], (int)x.Shape[2], (int)x.Shape[3]);
    }
}
