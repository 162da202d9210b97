namespace NasLab.Torch.Nn;

/// <summary>Weight initialisers (torch.nn.init), applied in place outside autograd.</summary>
public static class Init
{
    /// <summary>fan_in and fan_out of a linear [out, in] or conv [out, in/groups, kh, kw] weight.</summary>
    public static (long FanIn, long FanOut) Fans(Tensor weight)
    {
        var s = weight.Shape;
        if (s.Length < 2) throw new ArgumentException($"Fan computation needs at least 2 dimensions, got shape [{string.Join(", ", s)}].");
        long receptive = 1;
        for (int i = 2; i < s.Length; i++) receptive *= s[i];
        return (s[1] * receptive, s[0] * receptive);
    }

    /// <summary>He normal init; MobileNet-family reference code uses mode fan_out with ReLU gain.</summary>
    public static Tensor KaimingNormal_(Tensor w, bool fanOut = true, double gain = 1.4142135623730951, Generator? generator = null)
    {
        var (fanIn, fo) = Fans(w);
        return w.Normal_(0, gain / Math.Sqrt(fanOut ? fo : fanIn), generator);
    }

    /// <summary>PyTorch's default for conv and linear weights: kaiming_uniform(a = sqrt(5)), i.e. U(+-1/sqrt(fan_in)).</summary>
    public static Tensor DefaultUniform_(Tensor w, Generator? generator = null)
    {
        var bound = 1.0 / Math.Sqrt(Fans(w).FanIn);
        return w.Uniform_(-bound, bound, generator);
    }

    public static Tensor XavierUniform_(Tensor w, double gain = 1.0, Generator? generator = null)
    {
        var (fanIn, fanOut) = Fans(w);
        var bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        return w.Uniform_(-bound, bound, generator);
    }
}
