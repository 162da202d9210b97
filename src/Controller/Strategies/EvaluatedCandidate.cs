namespace NasLab.Controller.Strategies;

/// <summary>A candidate with its told reward (null for a failed trial).</summary>
public sealed record EvaluatedCandidate(Candidate Candidate, double? Reward);
