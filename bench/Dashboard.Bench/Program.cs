// bench/dashboard/run.sh: the dashboard's trials page on a LiteDB store of 10,000 trials, in this process.
//   (a) first response: the page itself, then its first 100 rows, on a cold dashboard (the first request opens the
//       store) and warm (medians of repeated requests), sorted by trial and by reward;
//   (b) one live update: a writer completes one more trial; the time until the page's poll sees the new stamp and
//       its 100 shown rows are fetched again (this reopens the store's snapshot), median of repeated updates.
using System.Diagnostics;
using NasLab.Dashboard;
using NasLab.Search.Config;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.SearchSpace.Architecture;

var trials = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var updates = args.Length > 1 ? int.Parse(args[1]) : 15;
var root = Path.Combine(Path.GetTempPath(), $"naslab-dashboard-bench-{trials}");
var experiment = Path.Combine(root, "bench");
var db = Path.Combine(experiment, LiteDbTrialStore.FileName);

var fill = Stopwatch.StartNew();
var filled = !File.Exists(db);
if (filled) Fill(db, trials);
Console.WriteLine($"store: {db}, {trials:N0} trials, {new FileInfo(db).Length / 1e6:F1} MB ({(filled ? $"filled in {fill.Elapsed.TotalSeconds:F0} s" : "kept from an earlier run")})");

await using var server = await DashboardServer.StartAsync(new DashboardOptions(root, "127.0.0.1", 0, null, new NoArtifacts()));
using var http = new HttpClient { BaseAddress = server.Address };

async Task<double> Time(params string[] paths)
{
    var clock = Stopwatch.StartNew();
    foreach (var path in paths)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }
    return clock.Elapsed.TotalMilliseconds;
}

const string Page = "/e/bench/trials";
const string FirstRows = "/api/e/bench/trials?skip=0&take=100&sort=id";
const string FirstByReward = "/api/e/bench/trials?skip=0&take=100&sort=reward";
var cold = await Time(Page, FirstRows);
var warm = Median(await Repeat(20, () => Time(Page, FirstRows)));
var warmReward = Median(await Repeat(20, () => Time(FirstByReward)));
var deep = Median(await Repeat(20, () => Time($"/api/e/bench/trials?skip={trials - 100}&take=100&sort=id")));
var rowsBytes = (await http.GetByteArrayAsync(FirstRows)).Length;
Console.WriteLine();
Console.WriteLine("(a) first response of the trials page (page + first 100 rows):");
Console.WriteLine($"  cold (the request opens the store): {cold:F0} ms");
Console.WriteLine($"  warm, median of 20:                 {warm:F1} ms ({rowsBytes / 1024.0:F0} KiB of rows)");
Console.WriteLine($"  first 100 rows by reward, warm:     {warmReward:F1} ms");
Console.WriteLine($"  the last 100 rows by id, warm:      {deep:F1} ms");

// (b): each update is one more completed trial from a writer in this process, then what the page does: poll the
// stamp until it moves, and fetch its shown rows again.
var times = new List<double>();
var stamp = await http.GetStringAsync("/api/e/bench/stamp");
using (var writer = LiteDbTrialStore.Open(db))
{
    for (var u = 0; u < updates; u++)
    {
        AddCompleted(writer, trials + u + 1);
        var clock = Stopwatch.StartNew();
        string now;
        do now = await http.GetStringAsync("/api/e/bench/stamp"); while (now == stamp);
        stamp = now;
        await Time(FirstRows);
        times.Add(clock.Elapsed.TotalMilliseconds);
    }
}
Console.WriteLine();
Console.WriteLine($"(b) one live update (a trial completes; stamp poll + 100 rows again, the store's snapshot reopened), {updates} updates:");
Console.WriteLine($"  median {Median(times):F0} ms, min {times.Min():F0} ms, max {times.Max():F0} ms");
Console.WriteLine($"  (the page polls every 1.5 s, so a change shows after this plus up to 1.5 s)");

static double Median(List<double> xs) { var s = xs.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }

static async Task<List<double>> Repeat(int n, Func<Task<double>> run) { var list = new List<double>(); for (var i = 0; i < n; i++) list.Add(await run()); return list; }

static void Fill(string db, int trials)
{
    Directory.CreateDirectory(Path.GetDirectoryName(db)!);
    var yaml = ConfigYamlWriter.Write(ExperimentConfigLoader.Parse("name: bench\nreward: {target_ms: 5}\nbudget: {trials: 20000}\n", "bench.yaml"));
    var identity = new ExperimentIdentity("bench", yaml, yaml, new string('a', 64), new DatasetIdentity("cifar10", 5085, 1017, new string('b', 64)));
    using var store = LiteDbTrialStore.Create(db, identity);
    store.SetStatus(ExperimentStatus.Running);
    for (var i = 1; i <= trials; i++) AddCompleted(store, i);
}

static void AddCompleted(ITrialStore store, int n)
{
    var random = new Random(n);
    var decisions = Enumerable.Range(0, 49).Select(_ => random.Next(3)).ToArray();
    store.Enqueue([new TrialProposal(decisions, "{\"kind\":\"blocks\"}", $"ir_r{n % 4 + 1}_k3_s1_e6_c{16 + n % 64}_relu", $"hash-{n}", n)], "{}"u8.ToArray());
    var claim = store.Claim("bench")!;
    var accuracy = 0.3 + 0.6 * random.NextDouble();
    var latency = 1 + 9 * random.NextDouble();
    store.Report(claim, TrialOutcome.Completed(new TrialMetrics(accuracy, 1.2, latency, "lut", 1_000_000 + n, 50_000_000 + n,
        accuracy * Math.Pow(latency / 5, -0.07), 10, 0.1, 500, "[{\"epoch\":0,\"trainLoss\":2.0,\"trainAccuracy\":0.3}]", null, "local")));
    store.MarkTold([claim.TrialId], "{}"u8.ToArray());
}

internal sealed class NoArtifacts : ITrialArtifacts
{
    public string? DiagramSvg(NetworkArchitecture net) => null;
    public TrialDownload Export(string experiment, TrialRecord trial, NetworkArchitecture net, string format) => throw new NotSupportedException("not in the benchmark");
}
