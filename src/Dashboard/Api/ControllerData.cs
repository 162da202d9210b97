using NasLab.Search.Store;

namespace NasLab.Dashboard.Api;

/// <summary>
/// The controller page: what the strategy has been choosing. Trials are taken in the order they were proposed and
/// cut into windows; for each decision of the search space, the share of each choice in each window, and for each
/// window the mean over decisions of the choices' entropy, normalized by log(choice count) so 1 is uniform and 0
/// is one fixed choice. These are frequencies of sampled choices, not the LSTM's probabilities (the store keeps
/// the sampled decisions, not the policy's outputs): they show what the policy converges to, with sampling noise.
/// </summary>
internal static class ControllerData
{
    public const int Windows = 20;
    public const int MinimumWindow = 5;

    public static object Build(ITrialReader store, ExperimentSettings settings)
    {
        // Duplicates are proposals too: the policy sampled them again, which is what convergence looks like.
        var trials = store.ListTrials(TrialQuery.All).Where(t => t.Decisions.Length > 0).ToList();
        var size = Math.Max(MinimumWindow, (int)Math.Ceiling(trials.Count / (double)Windows));
        var windows = trials.Chunk(size).ToList();
        var length = settings.Schema?.Length ?? trials.FirstOrDefault()?.Decisions.Length ?? 0;
        var decisions = new List<object>();
        var entropy = new double[windows.Count];
        for (var d = 0; d < length; d++)
        {
            var spec = settings.Schema?[d];
            var count = spec?.Count ?? Math.Max(1, trials.Max(t => d < t.Decisions.Length ? t.Decisions[d] + 1 : 1));
            var frequencies = new List<double[]>();
            for (var w = 0; w < windows.Count; w++)
            {
                var shares = new double[count];
                var window = windows[w].Where(t => d < t.Decisions.Length).ToList();
                foreach (var t in window)
                    if (t.Decisions[d] >= 0 && t.Decisions[d] < count) shares[t.Decisions[d]] += 1.0 / window.Count;
                frequencies.Add(shares);
                entropy[w] += count > 1 ? -shares.Where(p => p > 0).Sum(p => p * Math.Log(p)) / Math.Log(count) / length : 0;
            }
            decisions.Add(new
            {
                index = d,
                name = spec?.Name ?? $"decision {d}",
                choices = spec?.Choices ?? Enumerable.Range(0, count).Select(i => i.ToString()).ToList(),
                frequencies,
            });
        }
        return new
        {
            window_size = size,
            windows = windows.Select(w => new { first = w[0].Id, last = w[^1].Id, trials = w.Length }),
            entropy,
            decisions,
        };
    }
}
