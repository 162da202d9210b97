using System.Diagnostics;
using System.Globalization;
using NasLab.Agent.Bench;
using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Remote;

// bench/agent/run.sh starts one real agent and runs: Agent.Bench --agent HOST:PORT --token-file F [--rounds N] [--pairs N]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string? agent = null, tokenFile = null;
int rounds = 3, pairs = 30;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--agent": agent = args[i + 1]; break;
        case "--token-file": tokenFile = args[i + 1]; break;
        case "--rounds": rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--pairs": pairs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: return Usage();
    }
}
if (agent is null || tokenFile is null || args.Length % 2 != 0) return Usage();
if (!AgentAddress.TryParse(AgentAddress.Prefix + agent, out var address, out var error))
{
    Console.Error.WriteLine(error);
    return 2;
}
return Bench.Run(address, AgentTokenFile.Read(tokenFile), rounds, pairs);

static int Usage()
{
    Console.Error.WriteLine("usage: Agent.Bench --agent HOST:PORT --token-file FILE [--rounds N] [--pairs N]   (see bench/agent/run.sh)");
    return 2;
}

namespace NasLab.Agent.Bench
{
    internal static class Bench
    {
        /// <summary>
        /// Agreement: a fixed number of timed runs (MinRuns = MaxRuns), so both sides time exactly the same work. The
        /// zoo models take 0.5 to 10 ms a run here, so 200 runs keep one measurement between 0.1 and 2.5 s.
        /// </summary>
        private static readonly MeasurementProtocol Full = new(WarmupRuns: 20, MinRuns: 200, MaxRuns: 200, TimeCap: TimeSpan.FromSeconds(60));

        /// <summary>Fixed cost: session creation plus one run, so the round trip is a large part of the wall time.</summary>
        private static readonly MeasurementProtocol Single = new(WarmupRuns: 0, MinRuns: 1, MaxRuns: 1, TimeCap: TimeSpan.FromSeconds(60));

        private static readonly DeviceProfile Profile = DeviceProfile.CpuOneThread;

        public static int Run(AgentAddress address, string token, int rounds, int pairs)
        {
            var total = Stopwatch.StartNew();
            using var remoteFull = new RemoteLatencyDevice(address, token, Full);
            using var remoteSingle = new RemoteLatencyDevice(address, token, Single);
            var localFull = new LocalOrtDevice(Full);
            var localSingle = new LocalOrtDevice(Single);
            var description = remoteFull.Describe();
            remoteSingle.Describe();

            Console.WriteLine("NasLab device agent against local measurement: one agent process on this machine, reached over HTTP on " + address.BaseUri);
            Console.WriteLine($"bench process: {MachineDescription.Current.CpuModel}, {MachineDescription.Current.LogicalCores} logical cores, {LocalOrtDevice.LocalIdentity}; load average {LoadAverage()} at the start");
            Console.WriteLine($"agent: {description.Agent}, {description.Summary}, max model {description.MaxModelBytes / (1024 * 1024)} MB");
            Console.WriteLine($"profile {Profile.CacheKey}; measurements are sequential (the bench process is idle while the agent measures and the other way round)");
            Console.WriteLine();

            var nets = Networks.Agreement();
            var models = nets.Select(n => (n.Label, Model: n.Export())).ToList();
            var tiny = Networks.Tiny();
            var tinyModel = tiny.Export();

            // Warm-up of both processes (JIT, native ORT load, the HTTP connection); not reported.
            foreach (var device in new ILatencyDevice[] { localSingle, remoteSingle, localFull, remoteFull })
                device.Measure(tinyModel, Profile);
            localSingle.Measure(models[0].Model, Profile);
            remoteSingle.Measure(models[0].Model, Profile);

            var checks = new Checks();

            // (a) Agreement.
            Console.WriteLine($"(a) agreement: {Full.WarmupRuns} warm-up + {Full.MinRuns} timed runs per measurement, {rounds} rounds, local and agent alternating " +
                              "(order flipped every round and network); medians of the rounds");
            var rows = models.Select(m => new AgreementRow(m.Label, m.Model.Length)).ToList();
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < models.Count; i++)
                {
                    var (local, remote) = Pair(localFull, remoteFull, models[i].Model, localFirst: (round + i) % 2 == 0);
                    checks.Compare(models[i].Label, local.Result, remote.Result, Profile, Full);
                    rows[i].Add(local, remote);
                }
            }
            Console.WriteLine("| network | model bytes | local median ms | agent median ms | agent/local | per-round ratios | local min ms | agent min ms | min agent/local | wall: agent - local ms |");
            Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|");
            foreach (var row in rows)
            {
                var local = Stats.Median(row.LocalMs);
                var agentMs = Stats.Median(row.AgentMs);
                Console.WriteLine($"| {row.Label} | {row.Bytes:N0} | {local:F2} | {agentMs:F2} | {agentMs / local:F3} | " +
                                  $"{string.Join(" ", row.AgentMs.Zip(row.LocalMs, (a, l) => (a / l).ToString("F3")))} | " +
                                  $"{row.LocalMinMs.Min():F2} | {row.AgentMinMs.Min():F2} | {row.AgentMinMs.Min() / row.LocalMinMs.Min():F3} | {Stats.Median(row.WallDifferenceMs):F0} |");
            }
            var geoMean = Math.Exp(rows.Average(r => Math.Log(Stats.Median(r.AgentMs) / Stats.Median(r.LocalMs))));
            var geoMeanMin = Math.Exp(rows.Average(r => Math.Log(r.AgentMinMs.Min() / r.LocalMinMs.Min())));
            Console.WriteLine($"geometric mean of agent/local over {rows.Count} networks: medians {geoMean:F3}, minimums {geoMeanMin:F3}");
            Console.WriteLine("(medians: median over the rounds of each measurement's median run; minimums: fastest run of all rounds, which other processes on the machine can only make slower)");
            Console.WriteLine($"(the last column is the round-trip overhead seen with this protocol: session creation and {Full.WarmupRuns + Full.MinRuns} runs " +
                              "on each side make it noisy; (b) measures it with one run)");
            Console.WriteLine();

            // (b) Round-trip overhead with a one-run protocol.
            Console.WriteLine($"(b) round-trip overhead: wall time of Measure() through the agent minus the same LocalOrtDevice.Measure() here, protocol " +
                              $"{Single.WarmupRuns} warm-up + {Single.MinRuns} run (session creation + 1 run each side), {pairs} alternating pairs per model");
            Console.WriteLine("| model | model bytes | local wall ms | agent wall ms | overhead ms (median of pairs) | overhead p10..p90 ms |");
            Console.WriteLine("|---|---:|---:|---:|---:|---|");
            foreach (var (label, model) in new[] { (tiny.Label, tinyModel), models[0] })
            {
                var local = new List<double>();
                var remote = new List<double>();
                var difference = new List<double>();
                for (var i = 0; i < pairs; i++)
                {
                    var (l, r) = Pair(localSingle, remoteSingle, model, localFirst: i % 2 == 0);
                    checks.Compare(label, l.Result, r.Result, Profile, Single);
                    local.Add(l.WallMs);
                    remote.Add(r.WallMs);
                    difference.Add(r.WallMs - l.WallMs);
                }
                Console.WriteLine($"| {label} | {model.Length:N0} | {Stats.Median(local):F1} | {Stats.Median(remote):F1} | {Stats.Median(difference):F1} | " +
                                  $"{Stats.Percentile(difference, 0.1):F1}..{Stats.Percentile(difference, 0.9):F1} |");
            }
            var hash = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                var watch = Stopwatch.StartNew();
                ModelHash.Sha256(models[0].Model);
                hash.Add(watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"SHA-256 of the {models[0].Model.Length:N0}-byte model in this process: median {Stats.Median(hash):F1} ms " +
                              "(a measurement through the agent hashes the model 3 times: client check, agent log line, agent's LocalOrtDevice; locally once)");
            var describe = new List<double>();
            for (var i = 0; i < 30; i++)
            {
                var watch = Stopwatch.StartNew();
                remoteFull.Fetch();
                describe.Add(watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"HTTP round trip without a model (GET {AgentProtocol.DeviceRoute}, 30 calls): median {Stats.Median(describe):F2} ms, max {describe.Max():F2} ms");
            Console.WriteLine();

            // (c) Consistency of what the agent measured with what was asked.
            Console.WriteLine("(c) checks: did the agent measure what was asked (timed runs, warm-ups, input shapes, profile key as the local measurement)?");
            checks.ProbeResolution(remoteSingle, localSingle, tiny);
            foreach (var line in checks.Lines()) Console.WriteLine(line);
            Console.WriteLine();
            Console.WriteLine($"agent measurements since it started: {remoteFull.Fetch().Measurements}; bench wall time {total.Elapsed.TotalSeconds:F0} s; load average {LoadAverage()} at the end");
            return 0;
        }

        private static (Timed Local, Timed Remote) Pair(ILatencyDevice local, ILatencyDevice remote, byte[] model, bool localFirst)
        {
            if (localFirst)
            {
                var l = Timed.Measure(local, model, Profile);
                return (l, Timed.Measure(remote, model, Profile));
            }
            var r = Timed.Measure(remote, model, Profile);
            return (Timed.Measure(local, model, Profile), r);
        }

        private static string LoadAverage() =>
            File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
    }

    internal sealed record Timed(LatencyResult Result, double WallMs)
    {
        public static Timed Measure(ILatencyDevice device, byte[] model, DeviceProfile profile)
        {
            var watch = Stopwatch.StartNew();
            var result = device.Measure(model, profile);
            return new Timed(result, watch.Elapsed.TotalMilliseconds);
        }
    }

    internal sealed class AgreementRow(string label, long bytes)
    {
        public string Label => label;
        public long Bytes => bytes;
        public List<double> LocalMs { get; } = [];
        public List<double> AgentMs { get; } = [];
        public List<double> LocalMinMs { get; } = [];
        public List<double> AgentMinMs { get; } = [];
        public List<double> WallDifferenceMs { get; } = [];

        public void Add(Timed local, Timed remote)
        {
            LocalMs.Add(local.Result.Statistics.MedianMs);
            AgentMs.Add(remote.Result.Statistics.MedianMs);
            LocalMinMs.Add(local.Result.Statistics.MinMs);
            AgentMinMs.Add(remote.Result.Statistics.MinMs);
            WallDifferenceMs.Add(remote.WallMs - local.WallMs);
        }
    }

    internal static class Stats
    {
        public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

        /// <summary>Linear interpolation between order statistics.</summary>
        public static double Percentile(IReadOnlyList<double> values, double p)
        {
            var sorted = values.Order().ToArray();
            var position = p * (sorted.Length - 1);
            var low = (int)Math.Floor(position);
            var high = Math.Min(low + 1, sorted.Length - 1);
            return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
        }
    }
}
