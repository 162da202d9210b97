// NasLab side of the training-throughput benchmark (bench/throughput/run.sh runs it next to
// bench/throughput/pytorch_throughput.py with the same protocol): MobileNetV2 0.5 and MnasNet-B1 0.5
// (torchvision's definitions: head kept at 1280), 10 classes, random 32x32 batches of 128, SGD with
// momentum 0.9, Nesterov, weight decay 4e-5, cross-entropy; NCHW and channels-last.
// Prints one JSON line per configuration with the median images/s over the timed repetitions.
using System.Diagnostics;
using System.Text.Json;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Scaling;
using NasLab.SearchSpace.Zoo;
using NasLab.Torch;
using NasLab.Torch.Optim;

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
TorchRuntime.NumThreads = threads;

foreach (var (label, zooName) in new[] { ("mobilenet-v2-0.5", "mobilenet-v2"), ("mnasnet-b1-0.5", "mnasnet-b1") })
{
    foreach (var format in new[] { MemoryFormat.Contiguous, MemoryFormat.ChannelsLast })
    {
        var arch = NetworkScaling.Width(ModelZoo.Get(zooName), 0.5, scaleHead: false) with { NumClasses = 10, InputResolution = 32 };
        TorchRuntime.ManualSeed(0);
        using var net = NetworkBuilder.Build(arch);
        net.To(format).Train();
        using var opt = new Sgd(net.Parameters(), 0.01, momentum: 0.9, weightDecay: 4e-5, nesterov: true);
        using var x = Tensor.Randn([batch, 3, 32, 32]).Contiguous(format).DetachFromDisposeScope();
        using var y = Tensor.From(Enumerable.Range(0, batch).Select(i => (long)(i % 10)).ToArray());

        void Step()
        {
            using var scope = DisposeScope.Begin();
            opt.ZeroGrad();
            Functional.CrossEntropy(net.Forward(x), y).Backward();
            opt.Step();
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
            ["engine"] = "naslab", ["version"] = TorchRuntime.Version, ["network"] = label, ["params"] = net.ParameterCount(),
            ["format"] = format == MemoryFormat.ChannelsLast ? "channels_last" : "nchw", ["threads"] = threads, ["batch"] = batch,
            ["median_images_per_s"] = median, ["runs"] = rates.Select(v => Math.Round(v, 1)).ToArray(),
        }));
    }
}
return 0;
