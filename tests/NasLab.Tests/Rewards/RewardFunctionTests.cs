using NasLab.Cli.Config;
using NasLab.Cli.Rewards;

namespace NasLab.Tests.Rewards;

public class RewardFunctionTests
{
    [Fact]
    public void Soft_constraint_twice_as_slow_as_target()
    {
        // 0.75 * (150/75)^-0.07 = 0.75 * 2^-0.07 = 0.75 * exp(-0.07 ln 2) = 0.75 * 0.9526380 = 0.7144785
        Assert.Equal(0.7144785, RewardConfig.Soft(75).Compute(0.75, 150), 7);
    }

    [Fact]
    public void Soft_constraint_faster_than_target_is_rewarded()
    {
        // 0.75 * (37.5/75)^-0.07 = 0.75 * 2^0.07 = 0.75 * 1.049717... = 0.787288...
        Assert.Equal(0.787288, RewardConfig.Soft(75).Compute(0.75, 37.5), 6);
    }

    [Fact]
    public void Hard_constraint_above_target_halves_reward_at_twice_the_latency()
    {
        Assert.Equal(0.375, RewardConfig.Hard(75).Compute(0.75, 150), 12);
    }

    [Fact]
    public void Hard_constraint_below_or_at_target_is_plain_accuracy()
    {
        Assert.Equal(0.75, RewardConfig.Hard(75).Compute(0.75, 30), 12);
        Assert.Equal(0.75, RewardConfig.Hard(75).Compute(0.75, 75), 12);
    }

    [Fact]
    public void At_exactly_the_target_alpha_is_used_and_the_factor_is_one()
    {
        Assert.Equal(0.6, RewardFunction.Compute(0.6, 75, 75, alpha: -0.3, beta: -5), 12);
    }

    [Fact]
    public void Explicit_alpha_and_beta_pick_the_side_of_the_target()
    {
        // below: 0.8 * (50/100)^-0.5 = 0.8 * sqrt(2) = 1.131371; above: 0.8 * (400/100)^-0.5 = 0.8 / 2 = 0.4
        Assert.Equal(1.131371, RewardFunction.Compute(0.8, 50, 100, alpha: -0.5, beta: -0.5 * 1), 6);
        Assert.Equal(0.4, RewardFunction.Compute(0.8, 400, 100, alpha: 0, beta: -0.5), 12);
        Assert.Equal(0.8, RewardFunction.Compute(0.8, 50, 100, alpha: 0, beta: -0.5), 12);
    }

    [Theory]
    [InlineData(double.NaN, 10, 10)]
    [InlineData(-0.1, 10, 10)]
    [InlineData(0.5, 0, 10)]
    [InlineData(0.5, 10, 0)]
    [InlineData(0.5, double.PositiveInfinity, 10)]
    public void Meaningless_inputs_are_rejected(double acc, double lat, double target)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RewardFunction.Compute(acc, lat, target, -0.07, -0.07));
    }
}
