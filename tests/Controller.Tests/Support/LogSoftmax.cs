namespace NasLab.Controller.Tests.Support;

/// <summary>Reference log-softmax and entropy in double precision, written out by hand.</summary>
public static class Reference
{
    public static double[] LogSoftmax(float[] logits)
    {
        var max = logits.Max();
        var logZ = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
        return logits.Select(l => l - logZ).ToArray();
    }

    public static double Entropy(float[] logits) => -LogSoftmax(logits).Sum(lp => Math.Exp(lp) * lp);
}
