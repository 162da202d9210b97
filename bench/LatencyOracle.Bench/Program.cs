using System.Diagnostics;
using System.Globalization;
using NasLab.LatencyOracle.Bench;
using NasLab.LatencyOracle.Export;
using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Lut;
using NasLab.LatencyOracle.Oracle;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Spaces;
using NasLab.SearchSpace.Zoo;

// Usage: LatencyOracle.Bench [--random N] [--calibration N] [--resolution R] [--statistic minimum|median] [--work DIR] [--results FILE]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var settings = BenchSettings.Parse(args);
var report = new Report();
var profile = DeviceProfile.CpuOneThread;
Directory.CreateDirectory(settings.WorkDirectory);

// Whole networks: enough runs for a stable median, capped so 60+ networks stay in minutes.
var fullProtocol = new MeasurementProtocol(WarmupRuns: 5, MinRuns: 15, MaxRuns: 60, TimeCap: TimeSpan.FromSeconds(4), TargetRelativeHalfWidth: 0.01);
// Parts are small and many: shorter cap, same convergence target.
var partProtocol = new MeasurementProtocol(WarmupRuns: 5, MinRuns: 15, MaxRuns: 200, TimeCap: TimeSpan.FromSeconds(1.5), TargetRelativeHalfWidth: 0.01);
var cache = new LatencyCache(Path.Combine(settings.WorkDirectory, "latency-cache.json"));
var table = new LatencyLookupTable(LatencyTable.PathFor(settings.WorkDirectory, profile), new LocalOrtDevice(partProtocol), profile, settings.Statistic);
var oracle = new ArchitectureLatencyOracle(new LocalOrtDevice(fullProtocol), profile, cache, table, settings.Statistic);

report.Line("# Latency oracle benchmark");
report.Line();
report.Line($"Machine: {MachineDescription.Current.CpuModel}, {MachineDescription.Current.LogicalCores} logical cores, {MachineDescription.Current.OperatingSystem}");
report.Line($"Runtime: {LocalOrtDevice.LocalIdentity}; profile {profile.CacheKey}; resolution {settings.Resolution}");
report.Line($"Whole-network protocol: {fullProtocol}");
report.Line($"LUT part protocol: {partProtocol}");
report.Line($"Latency statistic: {settings.Statistic} of the timed runs (the oracle's answer, LUT entries and calibration all use it).");
report.Line($"Run at {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; load average at start {LoadAverage()}. The machine is shared (2 cores): " +
            "other processes only ever add time, so the minimum is the reproducible figure and medians are inflated under load.");
report.Line();

// (a) MACs versus measured latency on the zoo.
string[] zooNames = ["mobilenet-v1-1.0", "mobilenet-v2", "mobilenet-v3-large", "mnasnet-a1", "mnasnet-b1", "efficientnet-b0", "mixnet-s", "mixnet-m"];
var zoo = zooNames.Select(n => (BlockNetwork)(ModelZoo.Get(n) with { InputResolution = settings.Resolution })).ToList();
report.Line($"## (a) MACs vs measured latency ({profile.Name}, {settings.Resolution}x{settings.Resolution})");
report.Line();
var zooRows = new List<(string Name, double Macs, double Ms, double Median, int Runs)>();
foreach (var net in zoo)
{
    var answer = oracle.Query(net, OracleMode.Measured);
    zooRows.Add((net.Name, CostModel.Compute(net).Macs / 1e6, answer.LatencyMs, answer.Statistics!.MedianMs, answer.Statistics.Runs));
}
report.Line($"| network | MMACs | {settings.Statistic} ms | median ms | runs | MACs rank | latency rank |");
report.Line("|---|---:|---:|---:|---:|---:|---:|");
var macRank = RankStatistics.Ranks(zooRows.Select(r => r.Macs).ToList());
var msRank = RankStatistics.Ranks(zooRows.Select(r => r.Ms).ToList());
foreach (var (row, i) in zooRows.Select((r, i) => (r, i)).OrderBy(p => p.r.Macs))
    report.Line($"| {row.Name} | {row.Macs:F0} | {row.Ms:F2} | {row.Median:F2} | {row.Runs} | {macRank[i]} | {msRank[i]} |");
report.Line();
report.Line("Sorted by MACs:    " + string.Join(" < ", zooRows.OrderBy(r => r.Macs).Select(r => r.Name)));
report.Line("Sorted by latency: " + string.Join(" < ", zooRows.OrderBy(r => r.Ms).Select(r => r.Name)));
var sameOrder = zooRows.OrderBy(r => r.Macs).Select(r => r.Name).SequenceEqual(zooRows.OrderBy(r => r.Ms).Select(r => r.Name));
report.Line($"Orders differ: {(sameOrder ? "no" : "yes")}; Spearman(MACs, latency) = {RankStatistics.Spearman(zooRows.Select(r => r.Macs).ToList(), zooRows.Select(r => r.Ms).ToList()):F3}");
var mixS = zooRows.Single(r => r.Name == "mixnet-s");
var v2 = zooRows.Single(r => r.Name == "mobilenet-v2");
report.Line($"MixNet-S vs MobileNetV2: {mixS.Macs:F0} vs {v2.Macs:F0} MMACs, {mixS.Ms:F2} vs {v2.Ms:F2} ms -> " +
            (mixS.Macs < v2.Macs && mixS.Ms > v2.Ms ? "fewer MACs but slower" : mixS.Ms <= v2.Ms ? "not slower here" : "more MACs and slower"));
report.Line();

// (b) LUT prediction versus full measurement. Calibration set and evaluation set are disjoint.
var space = new FactorizedHierarchicalSpace(FactorizedSpaceOptions.MnasNet with { InputResolution = settings.Resolution });
List<BlockNetwork> Sample(int count, int seed)
{
    var rng = new Random(seed);
    return Enumerable.Range(0, count).Select(i => (BlockNetwork)(space.Decode(space.Schema.Decisions.Select(d => rng.Next(d.Count)).ToArray())
        with { Name = $"mnasnet-rand-{seed}-{i}" })).ToList();
}
var calibrationSet = Sample(settings.CalibrationCount, seed: 1000);
var randomSet = Sample(settings.RandomCount, seed: 2000);
report.Line($"## (b) LUT prediction vs full measurement");
report.Line();
var fillWatch = Stopwatch.StartNew();
var fit = oracle.Calibrate(calibrationSet);
report.Line($"Calibration on {calibrationSet.Count} other random MnasNet-space networks: full ≈ {fit.A:F4} * sum + {fit.B:F0} µs " +
            $"(fit MAPE {100 * fit.MeanAbsolutePercentageError:F1}%); table now {table.Count} parts, filled and calibrated in {fillWatch.Elapsed.TotalSeconds:F0} s.");
report.Line();
var evaluated = new List<(string Set, string Name, double Predicted, double Measured, double Sum)>();
foreach (var (set, nets) in new[] { ("zoo", zoo), ("random", randomSet) })
    foreach (var net in nets)
    {
        var answer = oracle.Query(net, OracleMode.LutVerify);
        evaluated.Add((set, net.Name, answer.Prediction!.PredictedMs, settings.Statistic.Of(answer.Measurement!.Statistics), answer.Prediction.SumUs / 1000));
    }
report.Line("| set | networks | MAPE calibrated | MAPE raw sum | Spearman calibrated | Spearman MACs |");
report.Line("|---|---:|---:|---:|---:|---:|");
foreach (var group in new[] { "zoo", "random", "all" })
{
    var rows = evaluated.Where(e => group == "all" || e.Set == group).ToList();
    var measured = rows.Select(r => r.Measured).ToList();
    var macs = rows.Select(r => (double)CostModel.Compute(zoo.Concat(randomSet).First(n => n.Name == r.Name)).Macs).ToList();
    report.Line($"| {group} | {rows.Count} | {RankStatistics.Mape(rows.Select(r => r.Predicted).ToList(), measured):F1}% | " +
                $"{RankStatistics.Mape(rows.Select(r => r.Sum).ToList(), measured):F1}% | " +
                $"{RankStatistics.Spearman(rows.Select(r => r.Predicted).ToList(), measured):F3} | {RankStatistics.Spearman(macs, measured):F3} |");
}
report.Line();
report.Line("Zoo detail (ms): " + string.Join("; ", evaluated.Where(e => e.Set == "zoo").Select(e => $"{e.Name} {e.Predicted:F2} pred / {e.Measured:F2} meas")));
report.Line();

// (c) Cost of one answer.
report.Line("## (c) Seconds per answer");
report.Line();
var probe = Sample(1, seed: 3000)[0];
var uncachedOracle = new ArchitectureLatencyOracle(new LocalOrtDevice(fullProtocol), profile);
var watch = Stopwatch.StartNew();
var exported = OnnxExporter.Export(probe);
var exportSeconds = watch.Elapsed.TotalSeconds;
watch.Restart();
var measuredAnswer = uncachedOracle.Query(probe, OracleMode.Measured);
var measureSeconds = watch.Elapsed.TotalSeconds;
table.Predict(probe); // fill the parts this probe may lack, so the timing below is a warm-table lookup
watch.Restart();
const int lookups = 20;
for (var i = 0; i < lookups; i++) oracle.Query(probe, OracleMode.Lut);
var lutSeconds = watch.Elapsed.TotalSeconds / lookups;
report.Line($"Measured, end to end (export + session + warm-up + runs), {measuredAnswer.Statistics!.Runs} runs of {measuredAnswer.LatencyMs:F2} ms: {measureSeconds:F2} s " +
            $"(export alone {exportSeconds:F3} s, {exported.Length / 1e6:F1} MB).");
report.Line($"LUT prediction with a warm table: {lutSeconds * 1000:F2} ms.");
report.Line($"Load average at the end: {LoadAverage()}.");
report.Save(settings.ResultsPath);
Console.WriteLine($"Wrote {settings.ResultsPath}");

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

namespace NasLab.LatencyOracle.Bench
{
    internal sealed record BenchSettings(int RandomCount, int CalibrationCount, int Resolution, string WorkDirectory, string ResultsPath,
        LatencyStatistic Statistic)
    {
        public static BenchSettings Parse(string[] args)
        {
            var s = new BenchSettings(50, 12, 224, Path.Combine(Path.GetTempPath(), "naslab-latency-bench"),
                Path.Combine(AppContext.BaseDirectory, "../../../RESULTS.md"), LatencyStatistic.Minimum);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                s = args[i] switch
                {
                    "--random" => s with { RandomCount = int.Parse(args[i + 1]) },
                    "--calibration" => s with { CalibrationCount = int.Parse(args[i + 1]) },
                    "--resolution" => s with { Resolution = int.Parse(args[i + 1]) },
                    "--work" => s with { WorkDirectory = args[i + 1] },
                    "--results" => s with { ResultsPath = args[i + 1] },
                    "--statistic" => s with { Statistic = Enum.Parse<LatencyStatistic>(args[i + 1], ignoreCase: true) },
                    _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
                };
            }
            return s with { ResultsPath = Path.GetFullPath(s.ResultsPath) };
        }
    }
}
