using NasLab.Torch;
using NasLab.Torch.Optim;
using NasLab.Torch.Tests.Support;
using Xunit.Abstractions;

namespace NasLab.Torch.Tests;

public class MemoryTests(ITestOutputHelper output)
{
    private static long RssKiB()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    [Fact]
    public void DisposeScopeFreesEveryTemporaryOfATrainingStep()
    {
        using var net = new SmallConvNet(3, 10, width: 16);
        using var opt = new Sgd(net.Parameters(), 0.01, momentum: 0.9);
        using var g = new Generator(0);
        var x = Tensor.Randn([32, 3, 16, 16], generator: g);
        var y = Tensor.From(Enumerable.Range(0, 32).Select(i => (long)(i % 10)).ToArray());
        long after200 = 0;
        for (int step = 1; step <= 2000; step++)
        {
            using (var scope = DisposeScope.Begin())
            {
                opt.ZeroGrad();
                var loss = Functional.CrossEntropy(net.Forward(x), y);
                loss.Backward();
                opt.Step();
                Assert.True(scope.Count > 10); // the step's temporaries are all tracked by the scope
            }
            if (step == 200) after200 = RssKiB();
        }
        var after2000 = RssKiB();
        var change = (after2000 - after200) / (double)after200;
        output.WriteLine($"RSS after step 200: {after200} KiB, after step 2000: {after2000} KiB ({change:P2})");
        Assert.True(Math.Abs(change) < 0.05, $"RSS moved by {change:P2} between step 200 ({after200} KiB) and step 2000 ({after2000} KiB)");
        x.Dispose();
        y.Dispose();
    }

    [Fact]
    public void ScopesNestAndMoveResultsOutward()
    {
        Tensor kept;
        Tensor dropped;
        using (var outer = DisposeScope.Begin())
        {
            using (var inner = DisposeScope.Begin())
            {
                dropped = Tensor.Ones([2]);
                kept = inner.MoveToOuter(Tensor.Zeros([2]));
            }
            Assert.True(dropped.IsDisposed);
            Assert.False(kept.IsDisposed);
            Assert.Equal(1, outer.Count);
        }
        Assert.True(kept.IsDisposed);
        var survivor = Tensor.Ones([1]);
        using (var s = DisposeScope.Begin())
        {
            var t = Tensor.Ones([1]).DetachFromDisposeScope();
            Assert.Equal(0, s.Count);
            survivor.Dispose();
            survivor = t;
        }
        Assert.False(survivor.IsDisposed);
        survivor.Dispose();
    }
}
