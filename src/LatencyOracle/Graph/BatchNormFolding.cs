namespace NasLab.LatencyOracle.Graph;

/// <summary>Convolution weights with a following BatchNorm folded in.</summary>
public sealed record FoldedConv(float[] Weight, float[] Bias);

/// <summary>
/// Folds an inference-mode BatchNorm into the preceding convolution, as deployment runtimes do:
/// BN(conv(x)) = s * (W*x + b - mean) + beta with s = gamma / sqrt(var + eps), i.e. a conv with
/// W' = s * W (per output channel) and b' = s * (b - mean) + beta. Exported graphs then have no
/// BatchNormalization node, which is what a phone actually runs.
/// </summary>
public static class BatchNormFolding
{
    /// <param name="weight">Conv weight [O, I/group, kh, kw], row-major.</param>
    /// <param name="bias">Conv bias [O], or null for a bias-free conv.</param>
    /// <param name="gamma">BN scale [O].</param>
    /// <param name="beta">BN shift [O].</param>
    /// <param name="mean">BN running mean [O].</param>
    /// <param name="variance">BN running variance [O].</param>
    /// <param name="epsilon">BN epsilon (PyTorch default 1e-5).</param>
    public static FoldedConv Fold(float[] weight, float[]? bias, float[] gamma, float[] beta, float[] mean, float[] variance, float epsilon = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var channels = gamma.Length;
        if (channels == 0 || beta.Length != channels || mean.Length != channels || variance.Length != channels)
            throw new ArgumentException($"BN parameters must all have the same non-zero length (gamma has {channels}).");
        if (bias != null && bias.Length != channels)
            throw new ArgumentException($"Conv bias has {bias.Length} entries, BN has {channels} channels.", nameof(bias));
        if (weight.Length % channels != 0)
            throw new ArgumentException($"Conv weight has {weight.Length} values, not a multiple of {channels} output channels.", nameof(weight));
        if (variance.Any(v => v + epsilon <= 0))
            throw new ArgumentException("BN variance + epsilon must be positive.", nameof(variance));

        var perChannel = weight.Length / channels;
        var foldedWeight = new float[weight.Length];
        var foldedBias = new float[channels];
        for (var o = 0; o < channels; o++)
        {
            // Compute the scale in double so folding adds no error beyond the final float rounding.
            var scale = gamma[o] / Math.Sqrt((double)variance[o] + epsilon);
            for (var k = 0; k < perChannel; k++)
                foldedWeight[o * perChannel + k] = (float)(weight[o * perChannel + k] * scale);
            foldedBias[o] = (float)(((bias?[o] ?? 0f) - (double)mean[o]) * scale + beta[o]);
        }
        return new FoldedConv(foldedWeight, foldedBias);
    }
}
