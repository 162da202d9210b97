using NasLab.Dashboard.Tests.Support;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Search.Tests.Store.Postgres;
using NasLab.Search.Tests.Support;

namespace NasLab.Dashboard.Tests;

/// <summary>The trials API a page at a time, against a real LiteDB store filled through the queue.</summary>
public sealed class TrialsApiTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly ExperimentIdentity Identity = TestIdentity.Of("paged");

    /// <summary>250 trials through the real queue: every tenth fails, the rest complete with random metrics.</summary>
    private static void Fill(ITrialStore store)
    {
        var random = new Random(7);
        for (var n = 1; n <= 250; n++)
        {
            store.Enqueue([new TrialProposal([n % 3], "{}", $"b{n}", $"h{n}", n)], "{}"u8.ToArray());
            var claim = store.Claim("w")!;
            if (n % 10 == 0) store.Report(claim, TrialOutcome.Failed("diverged"));
            else store.Report(claim, TrialOutcome.Completed(new TrialMetrics(random.NextDouble(), 1, 1 + random.NextDouble(), "lut", 1, 1, random.NextDouble(), 1, 1, 1, null)));
            store.MarkTold([claim.TrialId], "{}"u8.ToArray());
        }
    }

    [Fact]
    public async Task LiteDB_pages_of_rows_add_up_to_the_stores_own_order_and_never_exceed_the_page_size()
    {
        var db = Path.Combine(_dir.Path, "paged", LiteDbTrialStore.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        using (var store = LiteDbTrialStore.Create(db, Identity)) Fill(store);
        var before = SHA256.HashData(File.ReadAllBytes(db));
        await PagesAgreeWithTheStore(_dir.Path, () => LiteDbTrialStore.OpenReadOnly(db));
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(db)));
    }

    [PostgresFact]
    public async Task PostgreSQL_pages_of_rows_add_up_to_the_stores_own_order_and_never_exceed_the_page_size()
    {
        using var database = new TestDatabase();
        using (var store = NasLab.Search.Store.Postgres.PostgresTrialStore.OpenCoordinator(database.Location, Identity, force: false)) Fill(store);
        await PagesAgreeWithTheStore(database.Url, () => TrialStores.OpenReader(database.Url, "paged"));
    }

    private static async Task PagesAgreeWithTheStore(string target, Func<ITrialReader> open)
    {
        List<int> expected;
        using (var reader = open())
            expected = reader.ListTrials(new TrialQuery(TrialStatus.Completed, "reward")).Select(t => t.Id).ToList();

        await using var server = await DashboardServer.StartAsync(new DashboardOptions(target, "127.0.0.1", 0, null, new NoArtifacts()));
        using var http = new HttpClient { BaseAddress = server.Address };
        var ids = new List<int>();
        var sizes = new List<int>();
        for (var skip = 0; ; skip += 100)
        {
            using var page = JsonDocument.Parse(await http.GetStringAsync($"/api/e/paged/trials?skip={skip}&take=100&sort=reward&status=completed"));
            Assert.Equal(225, page.RootElement.GetProperty("total").GetInt32());
            var rows = page.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()).ToList();
            if (rows.Count == 0) break;
            sizes.Add(rows.Count);
            ids.AddRange(rows);
        }
        Assert.Equal([100, 100, 25], sizes);
        Assert.Equal(expected, ids);

        var huge = JsonDocument.Parse(await http.GetStringAsync("/api/e/paged/trials?take=100000")).RootElement.GetProperty("rows").GetArrayLength();
        Assert.Equal(250, huge); // a page larger than MaxPageSize (500) is cut to it, which here is every trial

        using var bad = await http.GetAsync("/api/e/paged/trials?sort=colour");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("allowed columns", await bad.Content.ReadAsStringAsync());
        using var badStatus = await http.GetAsync("/api/e/paged/trials?status=done");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal("paged", JsonDocument.Parse(await http.GetStringAsync("/api/experiments")).RootElement[0].GetProperty("name").GetString());
    }
}
