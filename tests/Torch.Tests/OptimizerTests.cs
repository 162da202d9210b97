using NasLab.Torch;
using NasLab.Torch.Optim;

namespace NasLab.Torch.Tests;

/// <summary>Optimizer steps against hand-computed updates for the loss sum(p^2) (gradient 2p).</summary>
public class OptimizerTests
{
    private static float[] Run(Func<IReadOnlyList<Tensor>, Optimizer> make, int steps)
    {
        using var scope = DisposeScope.Begin();
        var p = Tensor.From(new float[] { 1, 2 }).DetachFromDisposeScope();
        p.RequiresGrad = true;
        using var opt = make([p]);
        for (int i = 0; i < steps; i++)
        {
            opt.ZeroGrad();
            p.Square().Sum().Backward();
            opt.Step();
        }
        var result = p.ToArray<float>();
        p.Dispose();
        return result;
    }

    [Fact]
    public void SgdWithMomentum()
    {
        // step 1: buf = g = [2, 4] -> p = [0.8, 1.6]; step 2: g = [1.6, 3.2], buf = 0.9*[2,4] + g = [3.4, 6.8] -> p = [0.46, 0.92]
        Assert.Equal(new[] { 0.46f, 0.92f }, Run(ps => new Sgd(ps, 0.1, momentum: 0.9), 2), new FloatComparer(1e-6f));
    }

    [Fact]
    public void SgdWithNesterovAndWeightDecay()
    {
        // g = 2p + 0.5p = [2.5, 5]; buf = g; update = g + 0.9 buf = [4.75, 9.5]; p = [1, 2] - 0.1 update
        Assert.Equal(new[] { 0.525f, 1.05f }, Run(ps => new Sgd(ps, 0.1, momentum: 0.9, weightDecay: 0.5, nesterov: true), 1), new FloatComparer(1e-6f));
    }

    [Fact]
    public void AdamFirstStepMovesByTheLearningRate()
    {
        // After bias correction m_hat = g and v_hat = g^2, so the first step is lr * g / (|g| + eps).
        Assert.Equal(new[] { 0.9f, 1.9f }, Run(ps => new Adam(ps, 0.1), 1), new FloatComparer(1e-6f));
    }

    [Fact]
    public void LearningRateCanBeChangedAndStateSaved()
    {
        using var scope = DisposeScope.Begin();
        var p = Tensor.From(new float[] { 1, 2 }).DetachFromDisposeScope();
        p.RequiresGrad = true;
        using var opt = new Sgd([p], 0.1, momentum: 0.9);
        opt.LearningRate = 0.05;
        Assert.Equal(0.05, opt.LearningRate, 12);
        p.Square().Sum().Backward();
        opt.Step();
        var path = Path.GetTempFileName();
        try
        {
            opt.Save(path);
            // A fresh optimizer loaded from the file continues with the same momentum buffer.
            var q = Tensor.From(p.ToArray<float>()).DetachFromDisposeScope();
            q.RequiresGrad = true;
            using var restored = new Sgd([q], 0.05, momentum: 0.9);
            restored.Load(path);
            foreach (var (param, o) in new[] { (p, (Optimizer)opt), (q, restored) })
            {
                o.ZeroGrad();
                param.Square().Sum().Backward();
                o.Step();
            }
            Assert.Equal(p.ToArray<float>(), q.ToArray<float>());
            q.Dispose();
        }
        finally { File.Delete(path); p.Dispose(); }
    }

    [Fact]
    public void ClipGradNormScalesToTheLimit()
    {
        using var scope = DisposeScope.Begin();
        var p = Tensor.From(new float[] { 3, 4 }).DetachFromDisposeScope();
        p.RequiresGrad = true;
        (p * 1).Sum().Backward(); // gradient [1, 1]
        p.ZeroGrad();
        p.Square().Sum().Backward(); // gradient [6, 8], norm 10
        var norm = Autograd.ClipGradNorm([p], 5);
        Assert.Equal(10, norm, 4);
        Assert.Equal(new[] { 3f, 4f }, p.Grad!.ToArray<float>(), new FloatComparer(1e-5f));
        p.Dispose();
    }

    [Fact]
    public void Schedules()
    {
        var cos = new CosineSchedule(0.1, TotalSteps: 110, WarmupSteps: 10);
        Assert.Equal(0.01, cos.At(0), 12);
        Assert.Equal(0.1, cos.At(9), 12);
        Assert.Equal(0.1, cos.At(10), 12);
        Assert.Equal(0.05, cos.At(60), 12);
        Assert.Equal(0.0, cos.At(110), 12);
        Assert.Equal(0.0, cos.At(500), 12);
        var step = new StepSchedule(1.0, 30, 0.1);
        Assert.Equal(1.0, step.At(29), 12);
        Assert.Equal(0.1, step.At(30), 12);
        Assert.Equal(0.01, step.At(60), 12);
    }
}
