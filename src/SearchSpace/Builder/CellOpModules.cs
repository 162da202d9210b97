using NasLab.SearchSpace.Cells;
using NasLab.Torch;
using NasLab.Torch.Nn;

namespace NasLab.SearchSpace.Builder;

/// <summary>
/// Two stride-2 1x1 convs, one on the input and one on the input shifted by one pixel, concatenated
/// and batch-normalised (NASNet's factorized reduction; the caller applies the ReLU where TF does).
/// </summary>
public sealed class FactorizedReduction : Module<Tensor, Tensor>
{
    private readonly Conv2d _path1, _path2;
    private readonly BatchNorm2d _bn;

    public FactorizedReduction(int cin, int cout)
    {
        var p1 = RegisterModule("path1", new Holder());
        _path1 = p1.Set("conv", new Conv2d(cin, cout / 2, 1, 2, 0, bias: false));
        var p2 = RegisterModule("path2", new Holder());
        _path2 = p2.Set("conv", new Conv2d(cin, cout / 2, 1, 2, 0, bias: false));
        _bn = RegisterModule("bn", new BatchNorm2d(2 * (cout / 2)));
    }

    public override Tensor Forward(Tensor x)
    {
        using var a = _path1.Forward(x);
        // Shift by one pixel: pad right / bottom, drop the first row and column (TF's path 2).
        var h = x.Size(2);
        var w = x.Size(3);
        using var b = Functional.Pad(x, [0, 1, 0, 1]).Then(t => t.Narrow(2, 1, h)).Then(t => t.Narrow(3, 1, w)).Then(_path2.Forward);
        return Tensor.Cat([a, b], 1).Then(_bn.Forward);
    }
}

/// <summary>ReLU, 1x1 conv, BN: how NASNet brings a cell input to F channels.</summary>
public sealed class ReluConvBn : Module<Tensor, Tensor>
{
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _bn;
    private readonly bool _relu;

    public ReluConvBn(int cin, int cout, int kernel = 1, int stride = 1, int dilation = 1, bool relu = true)
    {
        _conv = RegisterModule("conv", new Conv2d(cin, cout, kernel, stride, dilation * (kernel - 1) / 2, dilation, bias: false));
        _bn = RegisterModule("bn", new BatchNorm2d(cout));
        _relu = relu;
    }

    public override Tensor Forward(Tensor x) => (_relu ? x.Relu().Then(_conv.Forward) : _conv.Forward(x)).Then(_bn.Forward);
}

/// <summary>One NASNet operation applied to one cell state.</summary>
public sealed class CellOpModule : Module<Tensor, Tensor>
{
    private readonly Func<Tensor, Tensor> _forward;

    public CellOpModule(CellOp op, int cin, int f, int stride)
    {
        Op = op;
        int k = CellOps.Kernel(op);
        switch (op)
        {
            case CellOp.Identity:
                if (stride == 1 && cin == f) { _forward = x => x.Alias(); break; }
                var proj = Own(new ReluConvBn(cin, f, 1, stride));
                _forward = proj.Forward;
                break;
            case var _ when CellOps.IsPool(op):
                var conv = cin != f ? Own(new ReluConvBn(cin, f, relu: false)) : null;
                Func<Tensor, Tensor> pool = op == CellOp.AvgPool3x3
                    ? x => Functional.AvgPool2d(x, k, stride, k / 2, countIncludePad: false)
                    : x => Functional.MaxPool2d(x, k, stride, k / 2);
                _forward = conv == null ? pool : x => pool(x).Then(conv.Forward);
                break;
            case CellOp.SepConv3x3 or CellOp.SepConv5x5 or CellOp.SepConv7x7:
                var sep1 = RegisterModule("sep1", new SeparableConvBn(cin, f, k, stride));
                var sep2 = RegisterModule("sep2", new SeparableConvBn(f, f, k, 1));
                _forward = x => sep1.Forward(x).Then(sep2.Forward);
                break;
            case CellOp.Conv1x3Then3x1 or CellOp.Conv1x7Then7x1:
                var c1 = RegisterModule("conv1", new Conv2d(cin, f, (1, k), (1, stride), (0, k / 2), bias: false));
                var c2 = RegisterModule("conv2", new Conv2d(f, f, (k, 1), (stride, 1), (k / 2, 0), bias: false));
                var bn = RegisterModule("bn", new BatchNorm2d(f));
                _forward = x => x.Relu().Then(c1.Forward).Then(c2.Forward).Then(bn.Forward);
                break;
            case CellOp.DilConv3x3:
                _forward = Own(new ReluConvBn(cin, f, 3, stride, dilation: 2)).Forward;
                break;
            default: // Conv1x1, Conv3x3
                _forward = Own(new ReluConvBn(cin, f, k, stride)).Forward;
                break;
        }
    }

    public CellOp Op { get; }

    /// <summary>Adopts the children of <paramref name="m"/> as this op's own "conv" / "bn", as the cost model names them.</summary>
    private ReluConvBn Own(ReluConvBn m)
    {
        foreach (var (name, child) in m.NamedChildren()) RegisterModule(name, child);
        return m;
    }

    public override Tensor Forward(Tensor x) => _forward(x);
}

/// <summary>ReLU, depthwise kxk (stride), pointwise 1x1, BN: half of NASNet's separable op.</summary>
public sealed class SeparableConvBn : Module<Tensor, Tensor>
{
    private readonly Conv2d _dw, _pw;
    private readonly BatchNorm2d _bn;

    public SeparableConvBn(int cin, int cout, int kernel, int stride)
    {
        _dw = RegisterModule("dw", new Conv2d(cin, cin, kernel, stride, kernel / 2, groups: cin, bias: false));
        _pw = RegisterModule("pw", new Conv2d(cin, cout, 1, bias: false));
        _bn = RegisterModule("bn", new BatchNorm2d(cout));
    }

    public override Tensor Forward(Tensor x) => x.Relu().Then(_dw.Forward).Then(_pw.Forward).Then(_bn.Forward);
}

/// <summary>A named slot for one module, used to reproduce the cost model's names ("path1.conv").</summary>
internal sealed class Holder : Module
{
    public T Set<T>(string name, T module) where T : Module => RegisterModule(name, module);
}
