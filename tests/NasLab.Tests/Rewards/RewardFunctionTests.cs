using NasLab.Search.Config;
using NasLab.Search.Rewards;

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

/// <summary>A reward must stay a finite positive number: checked for the configuration and for every trial.</summary>
public class RewardRangeTests
{
    [Fact]
    public void Exponents_that_overflow_at_plausible_latencies_are_reported()
    {
        // (0.001 ms / 1e300 ms)^-10 = 1e3030 overflows; (1e6 / 1e-300)^-10 = 1e-3060 underflows to 0.
        Assert.Contains("not a finite", RewardRange.Problem(1e300, -10, -10));
        Assert.Contains("not a finite", RewardRange.Problem(1e-300, 0, -10));
        // At a 75 ms target the extremes give 75000^10 = 5.6e48 and (1e6/75)^-10 = 5.6e-42: fine.
        Assert.Null(RewardRange.Problem(75, -10, -10));
        Assert.Null(RewardRange.Problem(1e300, 0, -1)); // no bonus below target: the factor is 1 there
    }

    [Fact]
    public void The_problem_names_a_target_range_that_works()
    {
        var problem = RewardRange.Problem(1e300, -10, -10)!;
        // alpha -10: (0.001 / T)^-10 <= 1e300 needs T <= 1e-3 * 1e30 = 1e27; beta -10: (1e6 / T)^-10 >= 1e-300 needs T >= 1e-24.
        Assert.Contains("allowed target_ms for alpha -10 and beta -10: 1E-24 to 1E+27", problem);
        Assert.Null(RewardRange.Problem(1e27, -10, -10));
        Assert.Null(RewardRange.Problem(1e-24, -10, -10));
    }

    [Fact]
    public void A_trial_reward_that_is_not_finite_is_a_reason_not_a_number()
    {
        var overflow = new RewardConfig(1e300, -10, -10, RewardForm.ExplicitExponents);
        Assert.False(overflow.TryCompute(0.5, 1.0, out _, out var problem));
        Assert.Contains("not finite", problem);
        Assert.Contains("1 ms", problem);

        Assert.False(RewardConfig.Soft(75).TryCompute(0.5, 0, out _, out var zero));
        Assert.Contains("latency", zero);

        Assert.True(RewardConfig.Soft(75).TryCompute(0.75, 150, out var reward, out var none));
        Assert.Null(none);
        Assert.Equal(0.7144785, reward, 7); // as Soft_constraint_twice_as_slow_as_target
    }
}
