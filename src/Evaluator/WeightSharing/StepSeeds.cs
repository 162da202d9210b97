namespace NasLab.Evaluator.WeightSharing;

/// <summary>
/// Seeds drawn from (seed, step, stream) alone, never from a generator's running state: a weight-sharing search
/// resumed from a checkpoint at any step draws exactly what the uninterrupted search drew there.
/// </summary>
public static class StepSeeds
{
    public static int Of(int seed, long step, int stream)
    {
        // SplitMix64's finalizer over the three values: neighbouring steps get unrelated seeds.
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)step * 0xBF58476D1CE4E5B9UL ^ (ulong)stream * 0x94D049BB133111EBUL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
