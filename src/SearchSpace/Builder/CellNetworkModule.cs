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
    private readonly List<(CellModule Cell, int CurIndex, int PrevIndex)> _schedule = [];
    private readonly Dropout _dropout;
    private readonly Linear _classifier;

    public CellNetworkModule(CellNetwork net) : base(nameof(CellNetworkModule))
    {
        Architecture = net;
        bool imageNet = net.Stem == CellStem.ImageNet;
        _stem = this.Register("stem", new ConvBnAct(3, net.StemFilters, 3, imageNet ? 2 : 1, NasLab.SearchSpace.Architecture.Activation.None, padding: imageNet ? 0 : 1));
        int r = net.InputResolution;
        var stemShape = new CellModule.Shape(net.StemFilters, imageNet ? (r - 3) / 2 + 1 : r);

        // Output shapes so far; index 0 is "no h_(i-1) yet" (null), index 1 the stem.
        var outputs = new List<CellModule.Shape?> { null, stemShape };
        void Add(ChildGroup where, int index, CellGenotype g, bool reduction, int f, int prevIndex)
        {
            int curIndex = outputs.Count - 1;
            var cell = where.Register(index, new CellModule(g, reduction, f, outputs[curIndex]!, outputs[prevIndex]));
            _schedule.Add((cell, curIndex, prevIndex));
            outputs.Add(cell.Output);
        }

        if (imageNet)
        {
            var stemCells = this.Register("stem_cells", new ChildGroup());
            double scaling = 1.0 / Math.Pow(net.FilterScalingRate, net.StemCells);
            for (int i = 0; i < net.StemCells; i++)
            {
                Add(stemCells, i, net.Reduction, true, (int)(net.Filters * scaling), outputs.Count - 2);
                scaling *= net.FilterScalingRate;
            }
        }
        var reductionCells = this.Register("reduction_cells", new ChildGroup());
        var cells = this.Register("cells", new ChildGroup());
        double filterScaling = 1.0;
        int total = net.CellsPerStack * (net.Reductions + 1);
        var reductionAt = Enumerable.Range(1, net.Reductions).Select(p => (int)((double)p / (net.Reductions + 1) * total)).ToHashSet();
        int cellIndex = 0, reductionIndex = 0;
        for (int n = 0; n < total; n++)
        {
            int prev = outputs.Count - 2;
            if (reductionAt.Contains(n))
            {
                filterScaling *= net.FilterScalingRate;
                Add(reductionCells, reductionIndex++, net.Reduction, true, (int)(net.Filters * filterScaling), outputs.Count - 2);
            }
            if (!net.SkipReductionLayerInput) prev = outputs.Count - 2;
            Add(cells, cellIndex++, net.Normal, false, (int)(net.Filters * filterScaling), prev);
        }
        var head = this.Register("head", new ChildGroup());
        _dropout = head.Register("dropout", nn.Dropout(net.Dropout));
        _classifier = head.Register("classifier", nn.Linear(outputs[^1]!.C, net.NumClasses));
    }

    public CellNetwork Architecture { get; }

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x)
    {
        // Cell outputs live until no later cell reads them (here: to the end); the scope only
        // catches what a library call may hand back without our knowing.
        using var scope = torch.NewDisposeScope();
        var outputs = new List<Tensor?> { null, _stem.call(x) };
        foreach (var (cell, cur, prev) in _schedule)
            outputs.Add(cell.call(outputs[cur]!, outputs[prev]));
        var logits = outputs[^1]!.relu().Then(Pooling.Global).Then(t => t.flatten(1)).Then(_dropout.call).Then(_classifier.call);
        foreach (var o in outputs) o?.Dispose();
        return scope.MoveToOuter(logits);
    }
}
