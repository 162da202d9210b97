using NasLab.Search.Store;

namespace NasLab.Search.Loop;

/// <summary>What the search loop reports as it goes (the live terminal view, tests).</summary>
public interface ISearchObserver
{
    void Started(SearchPlan plan);
    void TrialStarted(int trialId, string summary);
    void TrialFinished(TrialRecord trial, TrialRecord? best);
    void Message(string text);
}

/// <summary>Trials already in the store and the budget of this run; <see cref="Trials"/> reads the search's store.</summary>
public sealed record SearchPlan(string Experiment, ITrialReader Trials, int TrialsDone, int? TrialBudget, TimeSpan? WallTime, string Strategy, string Space, string Data);

public sealed class NullSearchObserver : ISearchObserver
{
    public static readonly NullSearchObserver Instance = new();
    public void Started(SearchPlan plan) { }
    public void TrialStarted(int trialId, string summary) { }
    public void TrialFinished(TrialRecord trial, TrialRecord? best) { }
    public void Message(string text) { }
}
