using NasLab.Search.Loop;
using System.Diagnostics;
using NasLab.Search.Analysis;
using NasLab.Cli.Commands;
using NasLab.Search.Store;
using Spectre.Console;

namespace NasLab.Cli.Commands;

/// <summary>
/// The terminal view of a running search: one line per trial with a progress bar, ETA and the best
/// reward so far, and the accuracy / latency Pareto front whenever it changes.
/// </summary>
public sealed class SearchConsoleView(IAnsiConsole console) : ISearchObserver, IDisposable
{
    private ITrialReader? _reader;
    private readonly Stopwatch _clock = new();
    private SearchPlan? _plan;
    private int _ranThisSession;
    private HashSet<int> _front = [];

    public void Started(SearchPlan plan)
    {
        _plan = plan;
        _clock.Start();
        // The search's own store, read between trials for the Pareto front.
        _reader = plan.Trials;
        var budget = plan.TrialBudget is int n ? $"{n} trials" : "no trial limit";
        if (plan.WallTime is TimeSpan t) budget += $", at most {t:g}";
        console.MarkupLine($"[bold]{Markup.Escape(plan.Experiment)}[/]: {Markup.Escape(plan.Strategy)} search over {Markup.Escape(plan.Space)}");
        console.MarkupLine($"  data: {Markup.Escape(plan.Data)}");
        console.MarkupLine($"  budget: {budget}; {plan.TrialsDone} trial(s) already done. Ctrl+C stops after the current trial (twice: at once).");
    }

    public void TrialStarted(int trialId, string summary) =>
        console.MarkupLine($"[grey]trial {trialId}: {Markup.Escape(summary.Replace("\n", " | "))}[/]");

    public void TrialFinished(TrialRecord trial, TrialRecord? best)
    {
        _ranThisSession++;
        var done = (_plan?.TrialsDone ?? 0) + _ranThisSession;
        var total = _plan?.TrialBudget;
        var bar = total is int n ? Bar(done, n) + $" {done}/{n}" : $"{done}";
        var eta = total is int m && m > done ? $" ETA {Eta(m - done)}" : "";
        var outcome = trial.Status switch
        {
            TrialStatus.Completed => Markup.Escape($"acc {TrialFormat.Accuracy(trial.Accuracy)}  lat {TrialFormat.Ms(trial.LatencyMs)} ms  reward {TrialFormat.Reward(trial.Reward)}"),
            TrialStatus.Duplicate => $"duplicate of trial {trial.DuplicateOf}, reward {TrialFormat.Reward(trial.Reward)}",
            _ => $"[red]failed[/]: {Markup.Escape(trial.Error ?? "")}",
        };
        var bestText = best is null ? "" : $"  best: trial {best.Id} ({TrialFormat.Reward(best.Reward)})";
        console.MarkupLine($"{Markup.Escape(bar + eta)}  trial {trial.Id}: {outcome}{Markup.Escape(bestText)}");

        var front = ParetoFront.Compute(_reader?.ListTrials(new TrialQuery(TrialStatus.Completed)) ?? []);
        var ids = front.Select(t => t.Id).ToHashSet();
        if (!ids.SetEquals(_front))
        {
            _front = ids;
            console.MarkupLine(Markup.Escape("  Pareto front (accuracy vs latency): " + string.Join(", ",
                front.Select(t => $"#{t.Id} {TrialFormat.Accuracy(t.Accuracy)} @ {TrialFormat.Ms(t.LatencyMs)} ms"))));
        }
    }

    // The store belongs to the search session, which disposes it.
    public void Dispose() => _reader = null;

    public void Message(string text) => console.MarkupLine($"[yellow]{Markup.Escape(text)}[/]");

    private static string Bar(int done, int total, int width = 20)
    {
        int filled = total == 0 ? width : Math.Min(width, done * width / total);
        return "[" + new string('#', filled) + new string('-', width - filled) + "]";
    }

    private string Eta(int remaining)
    {
        if (_ranThisSession == 0) return "?";
        var perTrial = _clock.Elapsed / _ranThisSession;
        var eta = perTrial * remaining;
        return eta.TotalHours >= 1 ? $"{(int)eta.TotalHours}h{eta.Minutes:00}m" : $"{(int)eta.TotalMinutes}m{eta.Seconds:00}s";
    }
}
