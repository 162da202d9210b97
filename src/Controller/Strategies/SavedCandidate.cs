namespace NasLab.Controller.Strategies;

/// <summary>JSON form of a candidate (and optionally its reward) inside saved strategy state.</summary>
internal sealed record SavedCandidate(long Id, int[] Decisions, double? Reward = null);
