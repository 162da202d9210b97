namespace NasLab.Controller.Training;

/// <summary>
/// A rewarded sample waiting for the next policy update: the decisions, the log-probability the policy
/// gave them when they were sampled (PPO's denominator), the reward and its advantage R - b.
/// </summary>
public sealed record Experience(int[] Decisions, double SampledLogProbability, double Reward, double Advantage);
