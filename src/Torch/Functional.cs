using NasLab.Torch.Native;
using static NasLab.Torch.Native.NativeMethods;

namespace NasLab.Torch;

/// <summary>Stateless network operators (torch.nn.functional). Optional tensors may be null.</summary>
public static class Functional
{
    private static TensorSafeHandle H(Tensor? t) => t?.Handle ?? TensorSafeHandle.Null;
    private static long[] Pair(long v) => [v, v];
    private static Tensor Wrap(int rc, IntPtr r) => Tensor.Wrap(rc, r);

    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
        Conv2d(input, weight, bias, Pair(stride), Pair(padding), Pair(dilation), groups);

    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation, long groups) =>
        Wrap(nl_conv2d(input.Handle, weight.Handle, H(bias), stride, padding, dilation, groups, out var r), r);

    /// <summary>Batch norm over N, H, W. In training mode the running statistics are updated in place.</summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias, bool training, double momentum = 0.1, double eps = 1e-5) =>
        Wrap(nl_batch_norm(input.Handle, H(weight), H(bias), H(runningMean), H(runningVar), training ? 1 : 0, momentum, eps, out var r), r);

    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null) =>
        Wrap(nl_linear(input.Handle, weight.Handle, H(bias), out var r), r);

    public static Tensor Relu(Tensor x) => x.Relu();
    public static Tensor Relu6(Tensor x) => x.Relu6();
    public static Tensor HardSwish(Tensor x) => x.HardSwish();
    public static Tensor HardSigmoid(Tensor x) => x.HardSigmoid();
    public static Tensor Swish(Tensor x) => x.Silu();
    public static Tensor Sigmoid(Tensor x) => x.Sigmoid();
    public static Tensor Tanh(Tensor x) => x.Tanh();
    public static Tensor Softmax(Tensor x, long dim) => x.Softmax(dim);
    public static Tensor LogSoftmax(Tensor x, long dim) => x.LogSoftmax(dim);

    public static Tensor AvgPool2d(Tensor x, long kernel, long? stride = null, long padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        Wrap(nl_avg_pool2d(x.Handle, Pair(kernel), Pair(stride ?? kernel), Pair(padding), ceilMode ? 1 : 0, countIncludePad ? 1 : 0, out var r), r);

    public static Tensor MaxPool2d(Tensor x, long kernel, long? stride = null, long padding = 0, long dilation = 1, bool ceilMode = false) =>
        Wrap(nl_max_pool2d(x.Handle, Pair(kernel), Pair(stride ?? kernel), Pair(padding), Pair(dilation), ceilMode ? 1 : 0, out var r), r);

    public static Tensor AdaptiveAvgPool2d(Tensor x, long outputHeight, long outputWidth) =>
        Wrap(nl_adaptive_avg_pool2d(x.Handle, [outputHeight, outputWidth], out var r), r);

    /// <summary>Global average pooling to N x C x 1 x 1.</summary>
    public static Tensor GlobalAvgPool2d(Tensor x) => AdaptiveAvgPool2d(x, 1, 1);

    /// <summary>Constant padding; <paramref name="pads"/> lists the last dimension first (left, right, top, bottom).</summary>
    public static Tensor Pad(Tensor x, long[] pads, double value = 0) => Wrap(nl_pad(x.Handle, pads, pads.Length, value, out var r), r);

    public static Tensor Dropout(Tensor x, double p, bool training)
    {
        if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1].");
        return Wrap(nl_dropout(x.Handle, p, training ? 1 : 0, out var r), r);
    }

    /// <summary>Cross-entropy from logits with class-index targets (int64), optional label smoothing.</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, double labelSmoothing = 0, Reduction reduction = Reduction.Mean, Tensor? weight = null, long ignoreIndex = -100) =>
        Wrap(nl_cross_entropy(logits.Handle, target.Handle, H(weight), (int)reduction, ignoreIndex, labelSmoothing, out var r), r);

    public static Tensor NllLoss(Tensor logProbabilities, Tensor target, Reduction reduction = Reduction.Mean) =>
        Wrap(nl_nll_loss(logProbabilities.Handle, target.Handle, (int)reduction, out var r), r);

    public static Tensor MseLoss(Tensor a, Tensor b, Reduction reduction = Reduction.Mean) =>
        Wrap(nl_mse_loss(a.Handle, b.Handle, (int)reduction, out var r), r);

    public static Tensor Embedding(Tensor indices, Tensor weight) =>
        Wrap(nl_embedding(weight.Handle, indices.Handle, out var r), r);

    /// <summary>One LSTM step; returns the new hidden and cell states.</summary>
    public static (Tensor H, Tensor C) LstmCell(Tensor input, Tensor h, Tensor c, Tensor weightIh, Tensor weightHh, Tensor? biasIh, Tensor? biasHh)
    {
        Status.Check(nl_lstm_cell(input.Handle, h.Handle, c.Handle, weightIh.Handle, weightHh.Handle, H(biasIh), H(biasHh), out var ho, out var co));
        return (new Tensor(ho), new Tensor(co));
    }

    /// <summary>Draws <paramref name="samples"/> indices per row from the (unnormalised) probabilities.</summary>
    public static Tensor Multinomial(Tensor probabilities, long samples, bool replacement = false, Generator? generator = null)
    {
        var rc = nl_multinomial(probabilities.Handle, samples, replacement ? 1 : 0, generator?.Handle ?? IntPtr.Zero, out var r);
        GC.KeepAlive(generator);
        return Wrap(rc, r);
    }
}
