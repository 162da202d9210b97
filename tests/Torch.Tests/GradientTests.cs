using NasLab.Torch;
using NasLab.Torch.Tests.Support;
using F = NasLab.Torch.Functional;

namespace NasLab.Torch.Tests;

/// <summary>Autograd gradients against central finite differences (float64).</summary>
public class GradientTests
{
    private static Tensor R(Generator g, params long[] shape) => GradCheck.Random(g, shape);

    [Theory]
    [InlineData(1, 1, 1)] // plain
    [InlineData(2, 2, 1)] // grouped, strided
    [InlineData(4, 1, 2)] // depthwise, dilated
    public void Conv2d(int groups, int stride, int dilation)
    {
        using var g = new Generator(1);
        var x = R(g, 2, 4, 5, 5);
        var w = R(g, 4, 4 / groups, 3, 3);
        var b = R(g, 4);
        // Squaring makes the loss depend on every output non-linearly, so all gradient paths are exercised.
        GradCheck.AssertGradientsMatch(a => F.Conv2d(a[0], a[1], a[2], stride, padding: dilation, dilation: dilation, groups: groups).Square().Sum(), [x, w, b]);
    }

    [Fact]
    public void BatchNormInTrainingMode()
    {
        using var g = new Generator(2);
        var x = R(g, 4, 3, 2, 2);
        var gamma = R(g, 3);
        var beta = R(g, 3);
        var up = R(g, 4, 3, 2, 2);
        GradCheck.AssertGradientsMatch(a => (F.BatchNorm(a[0], null, null, a[1], a[2], training: true) * up).Sum(), [x, gamma, beta]);
    }

    [Fact]
    public void Linear()
    {
        using var g = new Generator(3);
        var x = R(g, 3, 5);
        var w = R(g, 4, 5);
        var b = R(g, 4);
        var up = R(g, 3, 4);
        GradCheck.AssertGradientsMatch(a => (F.Linear(a[0], a[1], a[2]) * up).Sum(), [x, w, b]);
    }

    [Fact]
    public void HardSwishAndSwish()
    {
        using var g = new Generator(4);
        var x = R(g, 20) * 2.5;
        x.DetachFromDisposeScope();
        var up = R(g, 20);
        GradCheck.AssertGradientsMatch(a => (a[0].HardSwish() * up).Sum(), [x]);
        GradCheck.AssertGradientsMatch(a => (a[0].Silu() * up).Sum(), [x]);
    }

    /// <summary>Squeeze-and-excitation: x * sigmoid(W2 relu(W1 mean(x))), the gate broadcast over H, W.</summary>
    [Fact]
    public void SqueezeExcitationMultiply()
    {
        using var g = new Generator(5);
        var x = R(g, 2, 4, 3, 3);
        var w1 = R(g, 2, 4, 1, 1);
        var b1 = R(g, 2);
        var w2 = R(g, 4, 2, 1, 1);
        var b2 = R(g, 4);
        var up = R(g, 2, 4, 3, 3);
        GradCheck.AssertGradientsMatch(a =>
        {
            var s = F.GlobalAvgPool2d(a[0]);
            var gate = F.Conv2d(F.Conv2d(s, a[1], a[2]).Relu(), a[3], a[4]).Sigmoid();
            return (a[0] * gate * up).Sum();
        }, [x, w1, b1, w2, b2]);
    }

    [Fact]
    public void LstmCell()
    {
        using var g = new Generator(6);
        var x = R(g, 2, 3);
        var h = R(g, 2, 4);
        var c = R(g, 2, 4);
        var wih = R(g, 16, 3);
        var whh = R(g, 16, 4);
        var bih = R(g, 16);
        var bhh = R(g, 16);
        var uh = R(g, 2, 4);
        var uc = R(g, 2, 4);
        GradCheck.AssertGradientsMatch(a =>
        {
            var (h1, c1) = F.LstmCell(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
            return (h1 * uh).Sum() + (c1 * uc).Sum();
        }, [x, h, c, wih, whh, bih, bhh]);
    }

    [Fact]
    public void CrossEntropyWithLabelSmoothing()
    {
        using var g = new Generator(7);
        var logits = R(g, 4, 5);
        using var target = Tensor.From(new long[] { 0, 3, 4, 1 });
        GradCheck.AssertGradientsMatch(a => F.CrossEntropy(a[0], target, labelSmoothing: 0.1), [logits]);
    }

    [Fact]
    public void PoolingEmbeddingAndLogSoftmax()
    {
        using var g = new Generator(8);
        var x = R(g, 1, 2, 4, 4);
        var up = R(g, 1, 2, 2, 2);
        GradCheck.AssertGradientsMatch(a => (F.AvgPool2d(a[0], 3, 2, 1) * up).Sum(), [x]);
        var table = R(g, 5, 3);
        using var idx = Tensor.From(new long[] { 4, 0, 4 });
        var up2 = R(g, 3, 3);
        GradCheck.AssertGradientsMatch(a => (F.Embedding(idx, a[0]).LogSoftmax(1) * up2).Sum(), [table]);
    }

    [Fact]
    public void NoGradScopeRecordsNothing()
    {
        using var scope = DisposeScope.Begin();
        var w = Tensor.Ones([3]);
        w.RequiresGrad = true;
        using (Autograd.NoGrad())
        {
            Assert.False(Autograd.IsEnabled);
            Assert.False((w * 2).RequiresGrad);
        }
        Assert.True(Autograd.IsEnabled);
        Assert.True((w * 2).RequiresGrad);
    }
}
