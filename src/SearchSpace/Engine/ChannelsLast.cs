using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.SearchSpace.Engine;

/// <summary>
/// Channels-last (NHWC) layout. TorchSharp has no memory_format argument, so the copy is made into a
/// tensor allocated with exactly the strides PyTorch's to(memory_format=channels_last) gives,
/// (H*W*C, 1, W*C, C). A permute / contiguous / permute round trip is not enough: for [O, I, 1, 1]
/// and [C, 1, k, k] weights the permuted view already counts as contiguous, so no copy is made and
/// NCHW strides stay. Exact strides matter: with NCHW-strided 1x1 and depthwise weights oneDNN
/// switches every layer to blocked kernels with reorders (MnasNet-B1 ran at 0.49x PyTorch that way).
/// </summary>
public static class ChannelsLast
{
    /// <summary>A channels-last copy of a 4-D tensor (the same tensor's values, NHWC strides).</summary>
    public static Tensor Of(Tensor x)
    {
        if (x.dim() != 4) throw new ArgumentException($"Channels-last needs a 4-D tensor, got shape [{string.Join(", ", x.shape)}].");
        var (c, h, w) = (x.shape[1], x.shape[2], x.shape[3]);
        var y = torch.empty_strided(x.shape, [h * w * c, 1, w * c, c], dtype: x.dtype, device: x.device);
        using (torch.no_grad()) y.copy_(x);
        return y;
    }

    /// <summary>True when <paramref name="x"/> has exactly the strides of a dense NHWC tensor.</summary>
    public static bool Is(Tensor x)
    {
        if (x.dim() != 4) return false;
        var (c, h, w) = (x.shape[1], x.shape[2], x.shape[3]);
        var s = x.stride();
        return s[0] == h * w * c && s[1] == 1 && s[2] == w * c && s[3] == c;
    }

    /// <summary>
    /// Converts every 4-D parameter and buffer of <paramref name="module"/> in place (the same
    /// Parameter objects, so optimizers created before or after still see them).
    /// </summary>
    public static void Apply(nn.Module module)
    {
        using var _ = torch.no_grad();
        foreach (var (_, p) in module.named_parameters())
            if (p.dim() == 4) { using var cl = Of(p); p.set_(cl); }
        foreach (var (_, b) in module.named_buffers())
            if (b.dim() == 4) { using var cl = Of(b); b.set_(cl); }
    }
}
