using NasLab.Dashboard.Tests.Support;
using System.Text.Json;
using NasLab.Search.Experiment;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Search.Tests.Support;

namespace NasLab.Dashboard.Tests;

/// <summary>
/// A weight-sharing search's supernet phase on the history page: a real phase (tiny supernet, LSTM controller)
/// checkpointed into a real LiteDB store as `naslab search` does, read through the API and drawn in chromium.
/// </summary>
public sealed class SupernetHistoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly ExperimentIdentity Identity = TestIdentity.Of("ws");

    [Fact]
    public async Task The_history_page_shows_the_supernet_loss_and_the_strategys_rewards_by_round_from_the_latest_checkpoint()
    {
        var db = Path.Combine(_dir.Path, "ws", LiteDbTrialStore.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        TorchSharp.torch.manual_seed(2);
        using var strategy = TinySupernet.Strategy(seed: 2);
        strategy.RunRound(); // warm-up
        strategy.RunRound();
        strategy.RunRound();
        using (var store = LiteDbTrialStore.Create(db, Identity)) store.Enqueue([], StrategyCheckpointCodec.Save(strategy));

        await using var server = await DashboardServer.StartAsync(new DashboardOptions(_dir.Path, "127.0.0.1", 0, null, new NoArtifacts()));
        using var http = new HttpClient { BaseAddress = server.Address };
        var supernet = JsonDocument.Parse(await http.GetStringAsync("/api/e/ws/history")).RootElement.GetProperty("supernet");
        Assert.Equal(strategy.Search.Steps, supernet.GetProperty("steps").GetInt64());
        Assert.False(supernet.GetProperty("done").GetBoolean());
        Assert.Equal(strategy.Search.Losses, supernet.GetProperty("loss").EnumerateArray().Select(p => p.GetProperty("loss").GetDouble()));
        Assert.Equal(Enumerable.Range(1, strategy.Search.Losses.Count).Select(i => (long)i), supernet.GetProperty("loss").EnumerateArray().Select(p => p.GetProperty("step").GetInt64()));
        var rounds = supernet.GetProperty("rounds").EnumerateArray().ToList();
        Assert.Equal([1, 2], rounds.Select(r => r.GetProperty("round").GetInt32()));
        foreach (var r in rounds)
        {
            var scored = strategy.Search.Scored.Where(c => c.Round + 1 == r.GetProperty("round").GetInt32()).ToList(); // shown from 1
            Assert.Equal(scored.Average(c => c.Reward), r.GetProperty("mean_reward").GetDouble(), 12);
            Assert.Equal(scored.Max(c => c.Reward), r.GetProperty("best_reward").GetDouble());
            Assert.Equal(scored.Count, r.GetProperty("candidates").GetInt32());
        }

        await using var browser = await Support.Browser.LaunchAsync();
        await using var page = await browser.NewPageAsync();
        await page.GoToAsync(new Uri(server.Address, "/e/ws/history").ToString());
        await page.WaitForSelectorAsync("#supernet-loss path");
        await page.WaitForSelectorAsync("#supernet-rewards path.best");
        Assert.Contains($"in progress: {strategy.Search.Steps} steps, 2 rounds", await page.EvaluateExpressionAsync<string>("document.getElementById('supernet-status').textContent"));
        Assert.Contains("No completed trial yet", await page.EvaluateExpressionAsync<string>("document.querySelector('main').innerText"));
    }
}
