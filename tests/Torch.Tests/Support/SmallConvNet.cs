using NasLab.Torch.Nn;

namespace NasLab.Torch.Tests.Support;

/// <summary>Three conv-BN-ReLU stages, global pooling and a linear classifier.</summary>
public sealed class SmallConvNet : Module<Tensor, Tensor>
{
    private readonly Sequential _features;
    private readonly Linear _classifier;

    public SmallConvNet(int inChannels, int classes, int width = 32)
    {
        _features = RegisterModule("features", new Sequential(
            Stage(inChannels, width, 1), new MaxPool2d(2),
            Stage(width, 2 * width, 1), new MaxPool2d(2),
            Stage(2 * width, 4 * width, 1)));
        _classifier = RegisterModule("classifier", new Linear(4 * width, classes));
        foreach (var m in Modules().OfType<Conv2d>()) Init.KaimingNormal_(m.Weight);
    }

    private static Sequential Stage(int cin, int cout, int stride) =>
        new(new Conv2d(cin, cout, 3, stride, bias: false), new BatchNorm2d(cout), new ReLU());

    public override Tensor Forward(Tensor x) =>
        _classifier.Forward(Functional.GlobalAvgPool2d(_features.Forward(x)).Flatten(1));
}
