using NasLab.LatencyOracle.Runtime;

namespace NasLab.LatencyOracle.Tests.Reference;

/// <summary>Seeded random tensors and tolerance checks shared by the tests.</summary>
internal static class TestData
{
    public static float[] Uniform(Random random, int count, double low = -1, double high = 1) =>
        Enumerable.Range(0, count).Select(_ => (float)(low + random.NextDouble() * (high - low))).ToArray();

    public static FloatTensor Tensor(Random random, params long[] shape) =>
        new(Uniform(random, (int)FloatTensor.ElementCount(shape)), shape);

    /// <summary>
    /// Asserts equal shapes and |actual - expected| &lt;= relative · max(|expected|, floor) element-wise.
    /// The floor keeps the check meaningful for values that happen to be near zero.
    /// </summary>
    public static void AssertClose(FloatTensor expected, FloatTensor actual, double relative = 1e-4, double floor = 1e-2)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (var i = 0; i < expected.Data.Length; i++)
        {
            var tolerance = relative * Math.Max(Math.Abs(expected.Data[i]), floor);
            var error = Math.Abs(actual.Data[i] - expected.Data[i]);
            Assert.True(error <= tolerance,
                $"Element {i}: expected {expected.Data[i]:R}, got {actual.Data[i]:R} (error {error:E2} > tolerance {tolerance:E2}).");
        }
    }

    public static IReadOnlyDictionary<string, FloatTensor> Feed(string name, FloatTensor tensor) =>
        new Dictionary<string, FloatTensor> { [name] = tensor };
}
