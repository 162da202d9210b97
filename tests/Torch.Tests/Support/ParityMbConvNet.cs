using NasLab.Torch.Nn;

namespace NasLab.Torch.Tests.Support;

/// <summary>
/// The network of bench/parity/mbconv_parity.py, built with NasLab's modules under the same
/// member names, so PyTorch's state entries load one to one.
/// </summary>
public sealed class ParityMbConvNet : Module<Tensor, Tensor>
{
    private readonly Conv2d _stemConv, _headConv;
    private readonly BatchNorm2d _stemBn, _headBn;
    private readonly MbConv _block1, _block2;
    private readonly Linear _classifier;

    public ParityMbConvNet()
    {
        _stemConv = RegisterModule("stem_conv", new Conv2d(3, 16, 3, 2, 1, bias: false));
        _stemBn = RegisterModule("stem_bn", new BatchNorm2d(16));
        _block1 = RegisterModule("block1", new MbConv(16, 24, 4, 3, 2, 4, x => x.Silu()));
        _block2 = RegisterModule("block2", new MbConv(24, 24, 3, 5, 1, 6, x => x.HardSwish()));
        _headConv = RegisterModule("head_conv", new Conv2d(24, 64, 1, bias: false));
        _headBn = RegisterModule("head_bn", new BatchNorm2d(64));
        _classifier = RegisterModule("classifier", new Linear(64, 10));
    }

    public override Tensor Forward(Tensor x)
    {
        x = _stemBn.Forward(_stemConv.Forward(x)).Relu6();
        x = _block2.Forward(_block1.Forward(x));
        x = _headBn.Forward(_headConv.Forward(x)).HardSwish();
        return _classifier.Forward(Functional.GlobalAvgPool2d(x).Flatten(1));
    }

    private sealed class SqueezeExcite : Module<Tensor, Tensor>
    {
        private readonly Conv2d _reduce, _expand;
        private readonly Func<Tensor, Tensor> _act;

        public SqueezeExcite(long channels, long reduced, Func<Tensor, Tensor> act)
        {
            _reduce = RegisterModule("reduce", new Conv2d(channels, reduced, 1));
            _expand = RegisterModule("expand", new Conv2d(reduced, channels, 1));
            _act = act;
        }

        public override Tensor Forward(Tensor x) =>
            x * _expand.Forward(_act(_reduce.Forward(Functional.GlobalAvgPool2d(x)))).Sigmoid();
    }

    private sealed class MbConv : Module<Tensor, Tensor>
    {
        private readonly Conv2d _expandConv, _dwConv, _projectConv;
        private readonly BatchNorm2d _expandBn, _dwBn, _projectBn;
        private readonly SqueezeExcite _se;
        private readonly Func<Tensor, Tensor> _act;
        private readonly bool _residual;

        public MbConv(long cin, long cout, long expand, long kernel, long stride, long seReduced, Func<Tensor, Tensor> act)
        {
            var mid = cin * expand;
            _act = act;
            _expandConv = RegisterModule("expand_conv", new Conv2d(cin, mid, 1, bias: false));
            _expandBn = RegisterModule("expand_bn", new BatchNorm2d(mid));
            _dwConv = RegisterModule("dw_conv", new Conv2d(mid, mid, kernel, stride, kernel / 2, groups: mid, bias: false));
            _dwBn = RegisterModule("dw_bn", new BatchNorm2d(mid));
            _se = RegisterModule("se", new SqueezeExcite(mid, seReduced, act));
            _projectConv = RegisterModule("project_conv", new Conv2d(mid, cout, 1, bias: false));
            _projectBn = RegisterModule("project_bn", new BatchNorm2d(cout));
            _residual = stride == 1 && cin == cout;
        }

        public override Tensor Forward(Tensor x)
        {
            var y = _act(_expandBn.Forward(_expandConv.Forward(x)));
            y = _act(_dwBn.Forward(_dwConv.Forward(y)));
            y = _projectBn.Forward(_projectConv.Forward(_se.Forward(y)));
            return _residual ? x + y : y;
        }
    }
}
