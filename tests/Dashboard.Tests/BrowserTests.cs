using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using NasLab.Dashboard.Tests.Support;
using NasLab.Search.Tests.Support;
using PuppeteerSharp;
using Xunit.Abstractions;

namespace NasLab.Dashboard.Tests;

/// <summary>
/// Issue 14, in a real browser: a real tiny search runs in one process, <c>naslab dashboard</c> in another, and
/// Debian's chromium reads the pages while the search writes. Every request the pages make is watched: one that
/// leaves this machine fails the test (no CDN).
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output) : IDisposable
{
    private const int Budget = 8;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Yaml() => $"""
        name: live
        seed: 5
        output_dir: {_dir.Path}/runs
        dataset:
          path: auto
          validation_size: 100
          train_subset: 128
        proxy_training:
          epochs: 1
          width_multiplier: 0.25
        strategy:
          type: rl
        reward:
          target_ms: 5
        latency:
          mode: lut
          runs: 2
          warmup_runs: 1
        budget:
          trials: {Budget}
        """;

    [Fact]
    public async Task Pages_follow_a_running_search_and_agree_with_show_and_pareto()
    {
        var runs = Directory.CreateDirectory(Path.Combine(_dir.Path, "runs")).FullName;
        var yaml = _dir.File("live.yaml");
        File.WriteAllText(yaml, Yaml());
        using var dashboard = NaslabProcess.Start("dashboard", runs, "--port", "0");
        var address = dashboard.DashboardAddress();
        await using var browser = await Support.Browser.LaunchAsync();
        await using var page = await browser.NewPageAsync();
        var outside = WatchRequests(page, address);

        // The experiment list is empty until the search creates its store; the page says so rather than failing.
        await page.GoToAsync(address.ToString());
        await page.WaitForSelectorAsync("main h1");
        Assert.Contains("No experiment here yet", await page.EvaluateExpressionAsync<string>("document.querySelector('main').innerText"));

        using var search = NaslabProcess.Start(new Dictionary<string, string> { ["XDG_CACHE_HOME"] = _dir.File("cache") }, "search", yaml);
        var store = Path.Combine(runs, "live", "trials.db");
        await WaitUntil(() => File.Exists(store), TimeSpan.FromMinutes(3), () => $"the search created no store: {search.Output}");
        var trialsPage = await page.GoToAsync(new Uri(address, "/e/live/trials").ToString());
        Assert.Equal(HttpStatusCode.OK, trialsPage.Status);
        await page.EvaluateExpressionAsync("window.__loadedOnce = 1");

        // The table fills in as trials complete, without a reload of the page.
        var seen = new List<int>();
        while (!search.HasExited)
        {
            var completed = await page.EvaluateExpressionAsync<int>(
                "[...document.querySelectorAll('#trial-rows tr')].filter(r => r.children[1].textContent === 'completed').length");
            if (seen.Count == 0 || seen[^1] != completed) seen.Add(completed);
            await Task.Delay(300);
        }
        Assert.True(search.ExitCode == 0, search.Output);
        await WaitUntil(async () => await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#trial-rows tr').length") == Budget,
            TimeSpan.FromSeconds(20), () => "the table never showed every trial");
        output.WriteLine($"completed rows seen while the search ran: {string.Join(", ", seen)}");
        Assert.True(seen.Count >= 3, $"the table grew in fewer than 3 steps: {string.Join(", ", seen)}");
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(1, await page.EvaluateExpressionAsync<int>("window.__loadedOnce"));
        var storeBytes = SHA256.HashData(File.ReadAllBytes(store));

        // A trial's page shows the numbers `naslab show` prints.
        var trialId = 3;
        await page.GoToAsync(new Uri(address, $"/e/live/trials/{trialId}").ToString());
        await page.WaitForSelectorAsync("#fields dd[data-field='reward']");
        var shown = JsonDocument.Parse(Cli("show", Path.Combine(runs, "live"), trialId.ToString(), "--json")).RootElement;
        foreach (var (field, property) in new[] { ("accuracy", "Accuracy"), ("latency_ms", "LatencyMs"), ("reward", "Reward"), ("val_loss", "ValLoss"), ("train_seconds", "TrainSeconds") })
        {
            var onPage = await page.EvaluateExpressionAsync<string>($"document.querySelector(\"dd[data-field='{field}']\").dataset.value");
            Assert.Equal(shown.GetProperty(property).GetDouble(), double.Parse(onPage, CultureInfo.InvariantCulture));
        }
        foreach (var (field, property) in new[] { ("params", "Params"), ("macs", "Macs") })
            Assert.Equal(shown.GetProperty(property).GetInt64().ToString(CultureInfo.InvariantCulture),
                await page.EvaluateExpressionAsync<string>($"document.querySelector(\"dd[data-field='{field}']\").dataset.value"));
        Assert.Equal(shown.GetProperty("BlockString").GetString(), await page.EvaluateExpressionAsync<string>("document.getElementById('block-string').textContent"));
        Assert.True(await page.EvaluateExpressionAsync<bool>("!!document.querySelector('.diagram svg')"), "no block diagram on the trial page");
        await Screenshot(page, "trial");

        // The downloads are the exports: the ONNX file is a model (its protobuf starts with the ir_version field).
        using (var http = new HttpClient())
        {
            var onnx = await http.GetByteArrayAsync(new Uri(address, $"/api/e/live/trials/{trialId}/export/onnx"));
            Assert.True(onnx.Length > 1000 && onnx[0] == 0x08, $"the ONNX download is {onnx.Length} bytes starting {onnx.FirstOrDefault():x2}");
            var code = await http.GetStringAsync(new Uri(address, $"/api/e/live/trials/{trialId}/export/csharp"));
            Assert.Contains("TorchSharp", code);
        }

        // The Pareto page lists exactly the trials `naslab pareto` lists.
        await page.GoToAsync(new Uri(address, "/e/live/pareto").ToString());
        await page.WaitForSelectorAsync("#front-table tbody tr");
        var onPageFront = (await page.EvaluateExpressionAsync<int[]>("[...document.querySelectorAll('#front-table tbody tr')].map(r => Number(r.dataset.id))")).Order().ToList();
        var pareto = Cli("pareto", Path.Combine(runs, "live"));
        var cliFront = ParetoIds(pareto);
        Assert.NotEmpty(cliFront);
        Assert.Equal(cliFront, onPageFront);
        // One point per completed trial (duplicates are not trained again, so there may be fewer than the budget).
        var completedCount = int.Parse(System.Text.RegularExpressions.Regex.Match(pareto, @"of (\d+) completed trials").Groups[1].Value);
        Assert.Equal(completedCount, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('svg circle').length"));
        await Screenshot(page, "pareto");

        foreach (var (path, name, selector) in new[] { ("/e/live", "overview", "#status"), ("/e/live/trials", "trials", "#trial-rows tr"),
                     ("/e/live/history", "history", "svg circle"), ("/e/live/controller", "controller", "#decisions .decision") })
        {
            var response = await page.GoToAsync(new Uri(address, path).ToString());
            Assert.Equal(HttpStatusCode.OK, response.Status);
            await page.WaitForSelectorAsync(selector);
            await Screenshot(page, name);
        }

        Assert.Empty(outside);
        // Read-only: browsing every page changed nothing in the store.
        Assert.Equal(storeBytes, SHA256.HashData(File.ReadAllBytes(store)));
    }

    [Fact]
    public async Task A_missing_experiment_or_trial_and_a_damaged_store_get_a_clear_page_and_status()
    {
        var runs = Directory.CreateDirectory(Path.Combine(_dir.Path, "runs")).FullName;
        var damaged = Directory.CreateDirectory(Path.Combine(runs, "damaged")).FullName;
        var bytes = new byte[64 * 1024];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(damaged, "trials.db"), bytes);
        using var dashboard = NaslabProcess.Start("dashboard", runs, "--port", "0");
        var address = dashboard.DashboardAddress();
        await using var browser = await Support.Browser.LaunchAsync();
        await using var page = await browser.NewPageAsync();

        var missing = await page.GoToAsync(new Uri(address, "/e/nope/pareto").ToString());
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        var message = await page.EvaluateExpressionAsync<string>("document.getElementById('error-message').textContent");
        Assert.Contains("no experiment 'nope'", message);
        Assert.Contains("damaged", message); // the experiments there are listed

        var broken = await page.GoToAsync(new Uri(address, "/e/damaged").ToString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.Status);
        var reason = await page.EvaluateExpressionAsync<string>("document.getElementById('error-message').textContent");
        Assert.Contains("experiment 'damaged' cannot be read", reason);
        Assert.Contains("trials.db", reason);
        Assert.DoesNotContain("   at ", await page.EvaluateExpressionAsync<string>("document.body.innerText"));

        // The list still loads and marks the damaged experiment unreadable.
        await page.GoToAsync(address.ToString());
        await page.WaitForSelectorAsync("#experiments tr[data-name='damaged']");
        Assert.Contains("unreadable", await page.EvaluateExpressionAsync<string>("document.querySelector(\"tr[data-name='damaged']\").innerText"));
    }

    [Fact]
    public async Task Beyond_loopback_the_dashboard_needs_its_token()
    {
        var runs = Directory.CreateDirectory(Path.Combine(_dir.Path, "runs")).FullName;
        using (var refused = NaslabProcess.Start("dashboard", runs, "--port", "0", "--host", "0.0.0.0"))
        {
            Assert.True(refused.WaitForExit(TimeSpan.FromMinutes(1)));
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("--token-file", refused.Output);
        }
        var tokenFile = _dir.File("token");
        File.WriteAllText(tokenFile, "dashboard-token-0123456789\n");
        using var dashboard = NaslabProcess.Start("dashboard", runs, "--port", "0", "--host", "0.0.0.0", "--token-file", tokenFile);
        var address = new UriBuilder(dashboard.DashboardAddress()) { Host = "127.0.0.1" }.Uri;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(address, "/api/experiments"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(address, "/?token=wrong-token-0123456789"))).StatusCode);

        await using var browser = await Support.Browser.LaunchAsync();
        await using var page = await browser.NewPageAsync();
        var response = await page.GoToAsync(new Uri(address, "/?token=dashboard-token-0123456789").ToString());
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.DoesNotContain("token", page.Url); // the token left the address bar for an HttpOnly cookie
        await page.WaitForSelectorAsync("main h1");
        Assert.Equal("Experiments", await page.EvaluateExpressionAsync<string>("document.querySelector('main h1').textContent"));
        Assert.Equal("", await page.EvaluateExpressionAsync<string>("document.cookie"));
    }

    private static List<string> WatchRequests(IPage page, Uri address)
    {
        var outside = new List<string>();
        page.Request += (_, e) =>
        {
            var url = new Uri(e.Request.Url);
            if (url.Scheme is "data" or "about") return;
            if (url.Host != address.Host || url.Port != address.Port) lock (outside) outside.Add(e.Request.Url);
        };
        return outside;
    }

    private async Task Screenshot(IPage page, string name)
    {
        var file = _dir.File($"{name}.png");
        await page.ScreenshotAsync(file, new ScreenshotOptions { FullPage = false });
        Assert.True(new FileInfo(file).Length > 5000, $"the {name} screenshot is nearly empty");
        // The README's screenshots come from this test: NASLAB_SCREENSHOTS=docs/dashboard ./test.sh --filter BrowserTests
        if (Environment.GetEnvironmentVariable("NASLAB_SCREENSHOTS") is { Length: > 0 } keep)
        {
            Directory.CreateDirectory(keep);
            File.Copy(file, Path.Combine(keep, $"{name}.png"), overwrite: true);
        }
    }

    private static string Cli(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = NasLab.Cli.Commands.NasLabApp.Run(args, stdout, stderr);
        Assert.True(code == 0, $"naslab {string.Join(' ', args)}: {stderr}");
        return stdout.ToString();
    }

    /// <summary>The trial numbers in the first column of <c>naslab pareto</c>'s table (continuation lines have none).</summary>
    private static List<int> ParetoIds(string table) => table.Split('\n')
        .Where(l => l.StartsWith('│'))
        .Select(l => l.Split('│')[1].Trim())
        .Where(cell => cell.Length > 0 && cell.All(char.IsAsciiDigit))
        .Select(int.Parse).Order().ToList();

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout, Func<string> problem) =>
        await WaitUntil(() => Task.FromResult(condition()), timeout, problem);

    private static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout, Func<string> problem)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(problem());
            await Task.Delay(200);
        }
    }
}
