namespace NasLab.Torch.Optim;

/// <summary>Learning rate as a function of the optimizer step (0-based).</summary>
public interface ILearningRateSchedule
{
    double At(long step);
}

public static class LearningRateScheduleExtensions
{
    /// <summary>Sets the optimizer's learning rate for the coming step.</summary>
    public static void Apply(this ILearningRateSchedule schedule, Optimizer optimizer, long step) =>
        optimizer.LearningRate = schedule.At(step);
}

public sealed record ConstantSchedule(double LearningRate) : ILearningRateSchedule
{
    public double At(long step) => LearningRate;
}

/// <summary>
/// Linear warm-up from 0 to <see cref="BaseLearningRate"/> over <see cref="WarmupSteps"/>, then half a
/// cosine down to <see cref="FinalLearningRate"/> at <see cref="TotalSteps"/> (held after that).
/// </summary>
public sealed record CosineSchedule(double BaseLearningRate, long TotalSteps, long WarmupSteps = 0, double FinalLearningRate = 0)
    : ILearningRateSchedule
{
    public double At(long step)
    {
        if (WarmupSteps > 0 && step < WarmupSteps) return BaseLearningRate * (step + 1) / WarmupSteps;
        var span = Math.Max(1, TotalSteps - WarmupSteps);
        var progress = Math.Clamp((double)(step - WarmupSteps) / span, 0, 1);
        return FinalLearningRate + 0.5 * (BaseLearningRate - FinalLearningRate) * (1 + Math.Cos(Math.PI * progress));
    }
}

/// <summary>Multiplies the rate by <see cref="Gamma"/> every <see cref="StepSize"/> steps (torch StepLR).</summary>
public sealed record StepSchedule(double BaseLearningRate, long StepSize, double Gamma = 0.1) : ILearningRateSchedule
{
    public double At(long step) => BaseLearningRate * Math.Pow(Gamma, step / StepSize);
}
