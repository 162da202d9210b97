namespace NasLab.LatencyOracle.Export;

/// <summary>
/// Where the exporter gets a layer's tensors. Layers are named as the cost model and the builder
/// name them ("stages.2.0.dw.conv"); the exporter states the shape it expects so a source built for
/// a different architecture fails loudly instead of producing a wrong graph.
/// </summary>
public interface IWeightSource
{
    /// <summary>The float32 values (row-major) of parameter <paramref name="name"/>, which must have <paramref name="shape"/>.</summary>
    float[] Tensor(string name, IReadOnlyList<long> shape);

    /// <summary>Inference-mode statistics of the BatchNorm layer <paramref name="layer"/> with <paramref name="channels"/> channels.</summary>
    BatchNormParameters BatchNorm(string layer, int channels);
}

/// <summary>Scale, shift, running statistics and epsilon of one BatchNorm layer.</summary>
public sealed record BatchNormParameters(float[] Gamma, float[] Beta, float[] Mean, float[] Variance, float Epsilon)
{
    /// <summary>Channels [start, start + count) of this BN, for a BN that follows several concatenated convs.</summary>
    public BatchNormParameters Slice(int start, int count) => new(
        Gamma.AsSpan(start, count).ToArray(), Beta.AsSpan(start, count).ToArray(),
        Mean.AsSpan(start, count).ToArray(), Variance.AsSpan(start, count).ToArray(), Epsilon);
}
