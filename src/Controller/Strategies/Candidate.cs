namespace NasLab.Controller.Strategies;

/// <summary>
/// An architecture proposed by a strategy: a strategy-unique id (increasing from 0) and one choice
/// index per decision of the schema. The id is what <see cref="TrialResult"/> refers back to.
/// </summary>
public sealed record Candidate(long Id, int[] Decisions);
