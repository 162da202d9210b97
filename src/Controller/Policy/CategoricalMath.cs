namespace NasLab.Controller.Policy;

/// <summary>
/// Log-softmax and entropy of one row of logits, on the host in double precision. Sampling uses these
/// instead of extra tensor operations: the logits come to the host anyway, and a few dozen native calls
/// per step dominate the cost of sampling a 49-decision architecture.
/// </summary>
internal static class CategoricalMath
{
    /// <summary>Writes log-softmax(<paramref name="logits"/>) into <paramref name="logp"/>; returns the entropy.</summary>
    public static double LogSoftmax(ReadOnlySpan<float> logits, Span<double> logp)
    {
        double max = double.NegativeInfinity;
        foreach (var l in logits) max = Math.Max(max, l);
        double z = 0;
        foreach (var l in logits) z += Math.Exp(l - max);
        var logZ = max + Math.Log(z);
        double entropy = 0;
        for (int k = 0; k < logits.Length; k++)
        {
            logp[k] = logits[k] - logZ;
            entropy -= Math.Exp(logp[k]) * logp[k];
        }
        return entropy;
    }
}
