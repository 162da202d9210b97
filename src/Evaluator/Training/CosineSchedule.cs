namespace NasLab.Evaluator.Training;

/// <summary>
/// Learning rate per optimizer step (0-based): linear warm-up from 0 to <see cref="BaseLearningRate"/> over
/// <see cref="WarmupSteps"/>, then half a cosine down to <see cref="FinalLearningRate"/> at <see cref="TotalSteps"/>
/// (held after that). A pure function of the step, so a resumed run only needs the step count.
/// </summary>
internal sealed record CosineSchedule(double BaseLearningRate, long TotalSteps, long WarmupSteps = 0, double FinalLearningRate = 0)
{
    public double At(long step)
    {
        if (WarmupSteps > 0 && step < WarmupSteps) return BaseLearningRate * (step + 1) / WarmupSteps;
        var span = Math.Max(1, TotalSteps - WarmupSteps);
        var progress = Math.Clamp((double)(step - WarmupSteps) / span, 0, 1);
        return FinalLearningRate + 0.5 * (BaseLearningRate - FinalLearningRate) * (1 + Math.Cos(Math.PI * progress));
    }
}
