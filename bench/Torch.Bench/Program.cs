// NasLab (TorchSharp) side of the training-throughput benchmark (bench/throughput/run.sh runs it next to
// bench/throughput/pytorch_throughput.py with the same protocol): MobileNetV2 0.5 and MnasNet-B1 0.5
// (torchvision's definitions: head kept at 1280), 10 classes, random 32x32 batches of 128, SGD with
// momentum 0.9, Nesterov, weight decay 4e-5, cross-entropy; NCHW and channels-last.
// Prints one JSON line per configuration with the median images/s over the timed repetitions.
using System.Diagnostics;
using System.Text.Json;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Scaling;
using NasLab.SearchSpace.Zoo;
using NasLab.SearchSpace.Engine;
using TorchSharp;
using static TorchSharp.torch;

int threads = 2, steps = 5, repeats = 5, warmup = 3, batch = 128;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    int v = int.Parse(args[i + 1]);
    switch (args[i])
    {
        case "--threads": threads = v; break;
        case "--steps": steps = v; break;
        case "--repeats": repeats = v; break;
        case "--warmup": warmup = v; break;
        case "--batch": batch = v; break;
        default: Console.Error.WriteLine($"unknown option {args[i]} (allowed: --threads --steps --repeats --warmup --batch)"); return 2;
    }
}
TorchEngine.NumThreads = threads;

foreach (var (label, zooName) in new[] { ("mobilenet-v2-0.5", "mobilenet-v2"), ("mnasnet-b1-0.5", "mnasnet-b1") })
{
    foreach (var channelsLast in new[] { false, true })
    {
        var arch = NetworkScaling.Width(ModelZoo.Get(zooName), 0.5, scaleHead: false) with { NumClasses = 10, InputResolution = 32 };
        TorchEngine.ManualSeed(0);
        using var net = NetworkBuilder.Build(arch);
        if (channelsLast) ChannelsLast.Apply(net);
        net.train();
        using var opt = torch.optim.SGD(net.parameters(), 0.01, momentum: 0.9, weight_decay: 4e-5, nesterov: true);
        using var x0 = torch.randn(batch, 3, 32, 32);
        using var x = channelsLast ? ChannelsLast.Of(x0) : x0.alias();
        using var y = torch.tensor(Enumerable.Range(0, batch).Select(i => (long)(i % 10)).ToArray());

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            opt.zero_grad();
            torch.nn.functional.cross_entropy(net.forward(x), y).backward();
            opt.step();
        }

        for (int i = 0; i < warmup; i++) Step();
        var rates = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) Step();
            rates.Add(batch * steps / sw.Elapsed.TotalSeconds);
        }
        var sorted = rates.Order().ToList();
        double median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["engine"] = "naslab", ["version"] = "TorchSharp " + typeof(torch).Assembly.GetName().Version, ["network"] = label,
            ["params"] = net.parameters().Sum(p => p.numel()),
            ["format"] = channelsLast ? "channels_last" : "nchw", ["threads"] = threads, ["batch"] = batch,
            ["median_images_per_s"] = median, ["runs"] = rates.Select(v => Math.Round(v, 1)).ToArray(),
        }));
    }
}
return 0;
