namespace NasLab.Controller.Strategies;

/// <summary>
/// The outcome of evaluating a candidate. A null <see cref="Reward"/> marks a failed trial (the child
/// crashed, diverged or timed out); each strategy documents what it does with one.
/// </summary>
public sealed record TrialResult(long CandidateId, double? Reward)
{
    public static TrialResult Failed(long candidateId) => new(candidateId, null);

    public bool IsFailure => Reward is null;
}
