using System.Diagnostics;
using NasLab.Queue.Bench;
using NasLab.Search.Store;
using NasLab.Search.Store.Postgres;

// bench/queue/run.sh starts a private server and runs `all URL`; `worker` is this program as a child process.
return args switch
{
    ["all", var url] => Bench.All(PostgresLocation.Parse(url)),
    ["worker", var url, var experiment, var name, var trials, var trialMs] =>
        Bench.Worker(PostgresLocation.Parse(url), experiment, name, int.Parse(trials), int.Parse(trialMs)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Queue.Bench all URL   (see bench/queue/run.sh)");
    return 2;
}

namespace NasLab.Queue.Bench
{
    internal static class Bench
    {
        private const int OverheadTrials = 600;
        private const int TrialsPerWorker = 15;
        private const int TrialMs = 2000;

        public static int All(PostgresLocation at)
        {
            Console.WriteLine("NasLab trial queue on PostgreSQL: this measures coordination (claim, heartbeat, report), not training.");
            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
            Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {Environment.OSVersion}, load average {load} at the start; server: {at.Server}");
            Console.WriteLine();
            Overhead(at);
            Console.WriteLine();
            Console.WriteLine($"(b) throughput with {TrialMs / 1000.0:0.#} s trials (sleep), {TrialsPerWorker} trials per worker process, queue kept filled");
            Console.WriteLine("| workers | trials/hour | ideal (workers x 1800/h) | efficiency |");
            Console.WriteLine("|---:|---:|---:|---:|");
            foreach (var workers in new[] { 1, 2, 4 }) Throughput(at, workers);
            return 0;
        }

        /// <summary>(a) One worker, zero-cost trials: the time of one Claim plus one Report.</summary>
        private static void Overhead(PostgresLocation at)
        {
            using var store = PostgresTrialStore.OpenCoordinator(at, BenchSamples.Identity($"overhead-{Guid.NewGuid():N}"), force: false);
            store.Enqueue(Enumerable.Range(1, OverheadTrials + 50).Select(BenchSamples.Proposal).ToList(), [0]);
            for (var i = 0; i < 50; i++) store.Report(store.Claim("warmup")!, BenchSamples.Outcome); // JIT, pool, plans
            var ms = new double[OverheadTrials];
            var watch = new Stopwatch();
            for (var i = 0; i < OverheadTrials; i++)
            {
                watch.Restart();
                var claim = store.Claim("w1")!;
                store.Report(claim, BenchSamples.Outcome);
                ms[i] = watch.Elapsed.TotalMilliseconds;
            }
            Array.Sort(ms);
            Console.WriteLine($"(a) claim + report per trial, 1 worker, zero-cost trials, {OverheadTrials} trials: " +
                              $"median {Percentile(ms, 0.5):0.00} ms, p90 {Percentile(ms, 0.9):0.00} ms, max {ms[^1]:0.00} ms");
        }

        private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];

        /// <summary>
        /// (b) N worker processes each run <see cref="TrialsPerWorker"/> trials of <see cref="TrialMs"/>; a worker's
        /// steady cycle time is (its last finish - its first finish) / (trials - 1), by the database clock, and its
        /// rate 3600 / cycle. Measured that way the figure leaves out process start-up and has no whole-trial
        /// rounding at the end of a time window.
        /// </summary>
        private static void Throughput(PostgresLocation at, int workers)
        {
            var experiment = $"throughput-{workers}-{Guid.NewGuid():N}";
            using var store = PostgresTrialStore.OpenCoordinator(at, BenchSamples.Identity(experiment), force: false);
            var next = 1;
            void TopUp()
            {
                var queued = store.Count(TrialStatus.Queued);
                if (queued >= 2 * workers) return;
                var batch = Enumerable.Range(next, 4 * workers).Select(BenchSamples.Proposal).ToList();
                next += batch.Count;
                store.Enqueue(batch, [0]);
            }
            TopUp();

            var children = Enumerable.Range(1, workers).Select(i => StartWorker(at, experiment, $"w{i}")).ToList();
            foreach (var child in children)
            {
                if (child.StandardOutput.ReadLine() != "ready") throw new InvalidOperationException($"worker failed: {child.StandardError.ReadToEnd()}");
            }
            foreach (var child in children)
            {
                child.StandardInput.WriteLine("go");
                child.StandardInput.Close();
            }
            // The simple enqueuer: keeps at least 2 trials per worker queued until every worker is done.
            while (children.Any(c => !c.HasExited))
            {
                TopUp();
                Thread.Sleep(100);
            }
            foreach (var child in children)
            {
                if (child.ExitCode != 0) throw new InvalidOperationException($"worker failed: {child.StandardError.ReadToEnd()}");
                child.Dispose();
            }

            var finished = store.ListTrials(new TrialQuery(TrialStatus.Completed));
            var perHour = finished.GroupBy(t => t.Worker!).Sum(g =>
                3600.0 * (g.Count() - 1) / (g.Max(t => t.FinishedAt!.Value) - g.Min(t => t.FinishedAt!.Value)).TotalSeconds);
            var ideal = workers * 3600.0 / (TrialMs / 1000.0);
            Console.WriteLine($"| {workers} | {perHour:0} | {ideal:0} | {perHour / ideal:P1} |");
        }

        private static Process StartWorker(PostgresLocation at, string experiment, string name)
        {
            var self = Environment.ProcessPath!;
            var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(Bench).Assembly.Location);
            foreach (var a in new[] { "worker", at.Display, experiment, name, TrialsPerWorker.ToString(), TrialMs.ToString() }) start.ArgumentList.Add(a);
            return Process.Start(start)!;
        }

        /// <summary>A worker process: claim, "train" (sleep) while heartbeating every 500 ms, report; repeat.</summary>
        public static int Worker(PostgresLocation at, string experiment, string name, int trials, int trialMs)
        {
            using var store = PostgresTrialStore.OpenWorker(at, experiment);
            store.Heartbeat(name, null);
            Console.WriteLine("ready");
            Console.Out.Flush();
            Console.ReadLine();
            for (var done = 0; done < trials;)
            {
                var claim = store.Claim(name);
                if (claim is null)
                {
                    Thread.Sleep(20); // the enqueuer is behind
                    continue;
                }
                using (new Timer(_ => store.Heartbeat(name, claim), null, 500, 500)) Thread.Sleep(trialMs);
                store.Report(claim, BenchSamples.Outcome);
                done++;
            }
            return 0;
        }
    }
}
