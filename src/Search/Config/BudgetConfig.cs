namespace NasLab.Search.Config;

/// <summary>When the search stops: after <see cref="Trials"/> trials or <see cref="WallTime"/>, whichever comes first.</summary>
public sealed record BudgetConfig(int? Trials, TimeSpan? WallTime)
{
    public const int DefaultTrials = 100;

    public static readonly BudgetConfig Defaults = new(DefaultTrials, null);
}
