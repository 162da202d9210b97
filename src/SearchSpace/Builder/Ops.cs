using NasLab.SearchSpace.Architecture;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NasLab.SearchSpace.Builder;

/// <summary>Activation functions of the description, as tensor functions.</summary>
internal static class Activations
{
    /// <summary>The activated tensor; <see cref="Activation.None"/> returns <paramref name="x"/> itself (nothing to free).</summary>
    public static Tensor Apply(Activation a, Tensor x) => a switch
    {
        Activation.None => x,
        Activation.ReLU => x.relu(),
        Activation.ReLU6 => x.relu6(),
        Activation.Swish => x.silu(),
        Activation.HardSwish => x.hardswish(),
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, "unknown activation"),
    };
}

/// <summary>Parameter-free spatial ops with the argument conventions the builder uses.</summary>
internal static class Pooling
{
    /// <summary>Global average pool to [N, C, 1, 1].</summary>
    public static Tensor Global(Tensor x) => F.adaptive_avg_pool2d(x, new long[] { 1, 1 });

    public static Tensor Avg(Tensor x, long kernel, long stride, long padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        F.avg_pool2d(x, [kernel, kernel], [stride, stride], [padding, padding], ceilMode, countIncludePad);

    public static Tensor Max(Tensor x, long kernel, long stride, long padding) =>
        F.max_pool2d(x, [kernel, kernel], [stride, stride], [padding, padding]);
}

/// <summary>
/// Conv2d with the builder's defaults: no bias unless asked (BN follows), and "same" padding
/// dilation * (k - 1) / 2 per side when none is given (TorchSharp's own default is 0).
/// </summary>
internal static class Conv2dFactory
{
    public static Conv2d Create(long cin, long cout, long kernel, long stride = 1, long? padding = null,
        long dilation = 1, long groups = 1, bool bias = false) =>
        Create(cin, cout, (kernel, kernel), (stride, stride), padding is { } p ? (p, p) : null, dilation, groups, bias);

    public static Conv2d Create(long cin, long cout, (long H, long W) kernel, (long H, long W) stride,
        (long H, long W)? padding = null, long dilation = 1, long groups = 1, bool bias = false)
    {
        var pad = padding ?? (dilation * (kernel.H - 1) / 2, dilation * (kernel.W - 1) / 2);
        return nn.Conv2d(cin, cout, kernel, stride, pad, (dilation, dilation), groups: groups, bias: bias);
    }
}
