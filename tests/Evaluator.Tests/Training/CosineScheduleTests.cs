using NasLab.Evaluator.Training;

namespace NasLab.Evaluator.Tests.Training;

/// <summary>The warm-up + cosine schedule against hand-computed rates.</summary>
public class CosineScheduleTests
{
    [Fact]
    public void Warms_up_linearly_then_follows_half_a_cosine_to_zero()
    {
        var cos = new CosineSchedule(0.1, TotalSteps: 110, WarmupSteps: 10);
        Assert.Equal(0.01, cos.At(0), 12);
        Assert.Equal(0.1, cos.At(9), 12);
        Assert.Equal(0.1, cos.At(10), 12);
        // Halfway through the cosine part: 0.5 * 0.1 * (1 + cos(pi / 2)).
        Assert.Equal(0.05, cos.At(60), 12);
        // A quarter of the way: 0.05 * (1 + cos(pi / 4)).
        Assert.Equal(0.05 * (1 + Math.Sqrt(0.5)), cos.At(35), 12);
        Assert.Equal(0.0, cos.At(110), 12);
        Assert.Equal(0.0, cos.At(500), 12);
    }

    [Fact]
    public void Without_warm_up_starts_at_the_base_rate()
    {
        var cos = new CosineSchedule(0.2, TotalSteps: 4);
        double[] expected = [0.2, 0.1 * (1 + Math.Sqrt(0.5)), 0.1, 0.1 * (1 - Math.Sqrt(0.5)), 0.0];
        for (int step = 0; step < expected.Length; step++) Assert.Equal(expected[step], cos.At(step), 12);
    }
}
