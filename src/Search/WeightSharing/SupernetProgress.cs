namespace NasLab.Search.WeightSharing;

/// <summary>
/// How far a weight-sharing phase had got at a checkpoint, for the dashboard: the supernet's training loss per step
/// and every candidate the strategy had scored, by round; <see cref="Finalists"/> once the phase is over.
/// </summary>
public sealed record SupernetProgress(
    long Steps,
    int Round,
    IReadOnlyList<double> Losses,
    IReadOnlyList<SupernetCandidate> Scored,
    IReadOnlyList<SupernetCandidate>? Finalists)
{
    public bool Done => Finalists is not null;
}
