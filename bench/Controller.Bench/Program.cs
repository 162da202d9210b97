using System.Diagnostics;
using NasLab.Controller.Bench;
using NasLab.Controller.Policy;
using NasLab.Controller.Strategies;
using NasLab.Controller.Training;
using NasLab.SearchSpace.Engine;
using TorchSharp;

// Controller cost per architecture: sampling (Ask) and the policy update (Tell of a full batch of M),
// on the MnasNet-shaped schema (7 blocks x 7 decisions), median over repetitions.
// Usage: Controller.Bench [--threads N] [--reps R] [--batches B]

int threads = Arg("--threads", 1), reps = Arg("--reps", 9), batches = Arg("--batches", 20);
const int m = 8;
TorchEngine.NumThreads = threads;
var schema = BenchSchema.MnasNetShaped();
Console.WriteLine($"schema: {schema.Length} decisions, {schema.Kinds.Count} kinds; M = {m}; TorchSharp (libtorch {torch.__version__}), {threads} intra-op thread(s); " +
                  $"{reps} repetitions x {batches} batches; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");

Measure("REINFORCE, ENAS controller (H = 100, T = 5, c = 2.5)", new ControllerOptions(), new PolicyGradientOptions { BatchSize = m });
Measure("PPO (4 epochs), same controller", new ControllerOptions(), new PolicyGradientOptions { BatchSize = m, Algorithm = PolicyGradientAlgorithm.Ppo, PpoEpochs = 4 });
Measure("REINFORCE, H = 64, tanh 2.5 only (the planted-optimum test's controller)", new ControllerOptions { HiddenSize = 64, Temperature = null }, new PolicyGradientOptions { BatchSize = m });
Measure("REINFORCE, 2-layer LSTM", new ControllerOptions { Layers = 2 }, new PolicyGradientOptions { BatchSize = m });
return 0;

void Measure(string label, ControllerOptions controller, PolicyGradientOptions training)
{
    using var rl = new PolicyGradientSearch(schema, seed: 1, controller, training);
    var reward = new Random(1);
    double Round(out double askUs, out double tellUs)
    {
        var ask = Stopwatch.StartNew();
        var c = rl.Ask(m);
        ask.Stop();
        var results = c.Select(x => new TrialResult(x.Id, reward.NextDouble())).ToList();
        var tell = Stopwatch.StartNew();
        rl.Tell(results); // a full batch of M: one policy update
        tell.Stop();
        askUs = ask.Elapsed.TotalMicroseconds / m;
        tellUs = tell.Elapsed.TotalMicroseconds / m;
        return askUs + tellUs;
    }
    for (int i = 0; i < 10; i++) Round(out _, out _); // warm-up: JIT, allocator, Adam state
    var total = new List<double>();
    var ask = new List<double>();
    var tell = new List<double>();
    for (int r = 0; r < reps; r++)
    {
        double t = 0, a = 0, u = 0;
        for (int b = 0; b < batches; b++)
        {
            t += Round(out var au, out var tu);
            a += au;
            u += tu;
        }
        total.Add(t / batches);
        ask.Add(a / batches);
        tell.Add(u / batches);
    }
    Console.WriteLine($"{label}:");
    Console.WriteLine($"  per architecture: total {Median(total):F0} us (min {total.Min():F0}, max {total.Max():F0}) = sampling {Median(ask):F0} us + update {Median(tell):F0} us");
}

static double Median(List<double> xs)
{
    var s = xs.OrderBy(x => x).ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}
