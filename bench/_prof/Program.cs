using System.Diagnostics;
using NasLab.Evaluator.WeightSharing;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Engine;
using NasLab.SearchSpace.Spaces;
using NasLab.SearchSpace.Architecture;
using TorchSharp;
using static TorchSharp.torch;
TorchEngine.EnsureInitialized();
var space = new CellSearchSpace(CellSpaceOptions.Enas with { Template = CellSpaceOptions.Enas.Template with { CellsPerStack = 1, Filters = 16, StemFilters = 48, NumClasses = 10 } });
var rnd = new Random(1);
var nets = Enumerable.Range(0, 8).Select(_ => space.Decode(space.Schema.Decisions.Select(d => rnd.Next(d.Count)).ToArray())).ToList();
var x = randn(64, 3, 32, 32); var y = randint(0, 10, [64]);
foreach (var cl in new[] { false, true, false, true })
{
    var sw = Stopwatch.StartNew();
    foreach (var net in nets)
    {
        using var scope = torch.NewDisposeScope();
        var m = NetworkBuilder.Build(net);
        var xi = x;
        if (cl) { ChannelsLast.Apply(m); xi = ChannelsLast.Of(x); }
        m.train(); var loss = nn.functional.cross_entropy(m.call(xi), y); loss.backward();
    }
    Console.WriteLine($"channels-last {cl}: {sw.ElapsedMilliseconds / nets.Count} ms per forward+backward");
}
