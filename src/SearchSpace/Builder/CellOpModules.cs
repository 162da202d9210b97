using NasLab.SearchSpace.Cells;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace NasLab.SearchSpace.Builder;

/// <summary>
/// Two stride-2 1x1 convs, one on the input and one on the input shifted by one pixel, concatenated
/// and batch-normalised (NASNet's factorized reduction; the caller applies the ReLU where TF does).
/// </summary>
public sealed class FactorizedReduction : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _path1, _path2;
    private readonly BatchNorm2d _bn;

    public FactorizedReduction(int cin, int cout) : base(nameof(FactorizedReduction))
    {
        _path1 = this.Register("path1", new ChildGroup()).Register("conv", Conv2dFactory.Create(cin, cout / 2, 1, 2, 0));
        _path2 = this.Register("path2", new ChildGroup()).Register("conv", Conv2dFactory.Create(cin, cout / 2, 1, 2, 0));
        _bn = this.Register("bn", nn.BatchNorm2d(2 * (cout / 2)));
    }

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x)
    {
        using var a = _path1.call(x);
        // Shift by one pixel: pad right / bottom, drop the first row and column (TF's path 2).
        var h = x.size(2);
        var w = x.size(3);
        using var b = F.pad(x, [0, 1, 0, 1]).Then(t => t.narrow(2, 1, h)).Then(t => t.narrow(3, 1, w)).Then(_path2.call);
        return torch.cat(new[] { a, b }, 1).Then(_bn.call);
    }
}

/// <summary>ReLU, 1x1 conv, BN: how NASNet brings a cell input to F channels.</summary>
public sealed class ReluConvBn : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _bn;
    private readonly bool _relu;

    public ReluConvBn(int cin, int cout, int kernel = 1, int stride = 1, int dilation = 1, bool relu = true) : base(nameof(ReluConvBn))
    {
        _conv = this.Register("conv", Conv2dFactory.Create(cin, cout, kernel, stride, dilation * (kernel - 1) / 2, dilation));
        _bn = this.Register("bn", nn.BatchNorm2d(cout));
        _relu = relu;
    }

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x) => (_relu ? x.relu().Then(_conv.call) : _conv.call(x)).Then(_bn.call);
}

/// <summary>One NASNet operation applied to one cell state.</summary>
public sealed class CellOpModule : nn.Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> _forward;

    public CellOpModule(CellOp op, int cin, int f, int stride) : base(nameof(CellOpModule))
    {
        Op = op;
        int k = CellOps.Kernel(op);
        switch (op)
        {
            case CellOp.Identity:
                if (stride == 1 && cin == f) { _forward = x => x.alias(); break; }
                _forward = Own(new ReluConvBn(cin, f, 1, stride)).call;
                break;
            case var _ when CellOps.IsPool(op):
                var conv = cin != f ? Own(new ReluConvBn(cin, f, relu: false)) : null;
                Func<Tensor, Tensor> pool = op == CellOp.AvgPool3x3
                    ? x => Pooling.Avg(x, k, stride, k / 2, countIncludePad: false)
                    : x => Pooling.Max(x, k, stride, k / 2);
                _forward = conv == null ? pool : x => pool(x).Then(conv.call);
                break;
            case CellOp.SepConv3x3 or CellOp.SepConv5x5 or CellOp.SepConv7x7:
                var sep1 = this.Register("sep1", new SeparableConvBn(cin, f, k, stride));
                var sep2 = this.Register("sep2", new SeparableConvBn(f, f, k, 1));
                _forward = x => sep1.call(x).Then(sep2.call);
                break;
            case CellOp.Conv1x3Then3x1 or CellOp.Conv1x7Then7x1:
                var c1 = this.Register("conv1", Conv2dFactory.Create(cin, f, (1, k), (1, stride), (0, k / 2)));
                var c2 = this.Register("conv2", Conv2dFactory.Create(f, f, (k, 1), (stride, 1), (k / 2, 0)));
                var bn = this.Register("bn", nn.BatchNorm2d(f));
                _forward = x => x.relu().Then(c1.call).Then(c2.call).Then(bn.call);
                break;
            case CellOp.DilConv3x3:
                _forward = Own(new ReluConvBn(cin, f, 3, stride, dilation: 2)).call;
                break;
            default: // Conv1x1, Conv3x3
                _forward = Own(new ReluConvBn(cin, f, k, stride)).call;
                break;
        }
    }

    public CellOp Op { get; }

    /// <summary>
    /// Adopts the children of <paramref name="m"/> as this op's own "conv" / "bn", as the cost model
    /// names them; <paramref name="m"/> itself is not registered (it is only the forward recipe).
    /// </summary>
    private ReluConvBn Own(ReluConvBn m)
    {
        foreach (var (name, child) in m.named_children()) register_module(name, child);
        return m;
    }

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x) => _forward(x);
}

/// <summary>ReLU, depthwise kxk (stride), pointwise 1x1, BN: half of NASNet's separable op.</summary>
public sealed class SeparableConvBn : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _dw, _pw;
    private readonly BatchNorm2d _bn;

    public SeparableConvBn(int cin, int cout, int kernel, int stride) : base(nameof(SeparableConvBn))
    {
        _dw = this.Register("dw", Conv2dFactory.Create(cin, cin, kernel, stride, kernel / 2, groups: cin));
        _pw = this.Register("pw", Conv2dFactory.Create(cin, cout, 1));
        _bn = this.Register("bn", nn.BatchNorm2d(cout));
    }

    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x) => x.relu().Then(_dw.call).Then(_pw.call).Then(_bn.call);
}
