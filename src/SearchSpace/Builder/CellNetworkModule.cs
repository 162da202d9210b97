using NasLab.SearchSpace.Cells;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.SearchSpace.Builder;

/// <summary>
/// A NASNet-style network: stem conv + BN, stem reduction cells (ImageNet), stacks of normal cells
/// separated by reduction cells, then ReLU, global pool, dropout and a linear classifier. The cell
/// wiring (which outputs feed which cell) mirrors the cost model's walk.
/// </summary>
public sealed class CellNetworkModule : nn.Module<Tensor, Tensor>
{
    private readonly ConvBnAct _stem;
    private readonly List<(CellModule Cell, int Cur, int? Prev)> _schedule = [];
    private readonly Dropout _dropout;
    private readonly Linear _classifier;

    public CellNetworkModule(CellNetwork net) : base(nameof(CellNetworkModule))
    {
        Architecture = net;
        bool imageNet = net.Stem == CellStem.ImageNet;
        _stem = this.Register("stem", new ConvBnAct(3, net.StemFilters, 3, imageNet ? 2 : 1, NasLab.SearchSpace.Architecture.Activation.None, padding: imageNet ? 0 : 1));
        int r = net.InputResolution;
        var stemShape = new CellModule.Shape(net.StemFilters, imageNet ? (r - 3) / 2 + 1 : r);

        // Output shapes in schedule numbering: 0 = stem, k = k-th cell. Containers are registered in the
        // order the cost model lists their layers.
        var outputs = new List<CellModule.Shape> { stemShape };
        var groups = new Dictionary<string, ChildGroup>();
        if (imageNet) groups[CellSchedule.StemCells] = this.Register(CellSchedule.StemCells, new ChildGroup());
        groups[CellSchedule.ReductionCells] = this.Register(CellSchedule.ReductionCells, new ChildGroup());
        groups[CellSchedule.NormalCells] = this.Register(CellSchedule.NormalCells, new ChildGroup());
        foreach (var s in CellSchedule.Of(net))
        {
            var cell = groups[s.List].Register(s.Index,
                new CellModule(s.Genotype(net), s.Reduction, s.Filters, outputs[s.Cur], s.Prev is int p ? outputs[p] : null));
            _schedule.Add((cell, s.Cur, s.Prev));
            outputs.Add(cell.Output);
        }
        var head = this.Register("head", new ChildGroup());
        _dropout = head.Register("dropout", nn.Dropout(net.Dropout));
        _classifier = head.Register("classifier", nn.Linear(outputs[^1].C, net.NumClasses));
    }

    public CellNetwork Architecture { get; }

    /// <summary>The cells in forward (<see cref="CellSchedule"/>) order.</summary>
    public IReadOnlyList<CellModule> Cells => _schedule.Select(s => s.Cell).ToList();

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x)
    {
        // Cell outputs live until no later cell reads them (here: to the end); the scope only
        // catches what a library call may hand back without our knowing.
        using var scope = torch.NewDisposeScope();
        var outputs = new List<Tensor> { _stem.call(x) };
        foreach (var (cell, cur, prev) in _schedule)
            outputs.Add(cell.call(outputs[cur], prev is int p ? outputs[p] : null));
        var logits = outputs[^1].relu().Then(Pooling.Global).Then(t => t.flatten(1)).Then(_dropout.call).Then(_classifier.call);
        foreach (var o in outputs) o.Dispose();
        return scope.MoveToOuter(logits);
    }
}
