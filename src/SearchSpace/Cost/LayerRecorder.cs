namespace NasLab.SearchSpace.Cost;

/// <summary>Collects layers while a network description is walked, computing output sizes.</summary>
internal sealed class LayerRecorder
{
    public List<Layer> Layers { get; } = new();

    public static int OutSize(int size, int kernel, int stride, int pad, int dilation = 1) =>
        (size + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1;

    /// <summary>Square-kernel conv with "same" padding unless <paramref name="pad"/> is given.</summary>
    public (int H, int W) Conv(string name, int cin, int cout, int k, int stride, int h, int w,
        int groups = 1, bool bias = false, int? pad = null, int dilation = 1) =>
        Conv(name, cin, cout, k, k, stride, stride, h, w, groups, bias, pad ?? dilation * (k - 1) / 2, pad ?? dilation * (k - 1) / 2, dilation);

    public (int H, int W) Conv(string name, int cin, int cout, int kh, int kw, int sh, int sw, int h, int w,
        int groups, bool bias, int padH, int padW, int dilation)
    {
        int oh = OutSize(h, kh, sh, padH, dilation), ow = OutSize(w, kw, sw, padW, dilation);
        if (oh < 1 || ow < 1)
            throw new ArgumentException($"{name}: a {kh}x{kw} stride-{sh} conv on a {h}x{w} map gives an empty output.");
        Layers.Add(new Layer(name, LayerKind.Conv2d, cin, cout, kh, kw, sh, sw, padH, padW, dilation, groups, bias, h, w, oh, ow));
        return (oh, ow);
    }

    public void BatchNorm(string name, int c, int h, int w) =>
        Layers.Add(new Layer(name, LayerKind.BatchNorm, c, c, 1, 1, 1, 1, 0, 0, 1, 1, false, h, w, h, w));

    public void Linear(string name, int cin, int cout, bool bias = true) =>
        Layers.Add(new Layer(name, LayerKind.Linear, cin, cout, 1, 1, 1, 1, 0, 0, 1, 1, bias, 1, 1, 1, 1));
}
