namespace NasLab.LatencyOracle.Export;

/// <summary>
/// Deterministic stand-in weights for latency measurement, where values do not matter but must be
/// realistic (He-scaled, no denormals): conv / linear weights N(0, 2 / fan_out), zero biases, identity
/// BatchNorm. Each tensor is seeded from its name, so a layer gets the same values in a whole-network
/// export and in a single-block export.
/// </summary>
public sealed class RandomWeights(int seed = 0) : IWeightSource
{
    public const float DefaultBatchNormEpsilon = 1e-5f;

    public float[] Tensor(string name, IReadOnlyList<long> shape)
    {
        var count = checked((int)shape.Aggregate(1L, (a, b) => a * b));
        var values = new float[count];
        if (name.EndsWith(".bias", StringComparison.Ordinal) || shape.Count < 2)
            return values;
        var fanOut = shape[0] * shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        var std = Math.Sqrt(2.0 / Math.Max(1, fanOut));
        var random = new Random(StableHash(name) ^ seed);
        for (var i = 0; i < count; i += 2)
        {
            // Box-Muller: two normal samples per pair of uniforms.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var r = Math.Sqrt(-2.0 * Math.Log(u1)) * std;
            values[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < count) values[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
        return values;
    }

    public BatchNormParameters BatchNorm(string layer, int channels) => new(
        Enumerable.Repeat(1f, channels).ToArray(), new float[channels], new float[channels],
        Enumerable.Repeat(1f, channels).ToArray(), DefaultBatchNormEpsilon);

    /// <summary>FNV-1a: string.GetHashCode is randomised per process and would break determinism.</summary>
    private static int StableHash(string s)
    {
        unchecked
        {
            var h = 2166136261u;
            foreach (var ch in s) h = (h ^ ch) * 16777619u;
            return (int)h;
        }
    }
}
