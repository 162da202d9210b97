using NasLab.Torch.Optim;

namespace NasLab.Torch.Tests.Support;

/// <summary>2,000 training steps of a small conv net, each in a dispose scope; RSS after steps 200 and 2,000.</summary>
public static class MemoryProbe
{
    public static (long After200KiB, long After2000KiB) Run()
    {
        using var net = new SmallConvNet(3, 10, width: 16);
        using var opt = new Sgd(net.Parameters(), 0.01, momentum: 0.9);
        using var g = new Generator(0);
        using var x = Tensor.Randn([32, 3, 16, 16], generator: g).DetachFromDisposeScope();
        using var y = Tensor.From(Enumerable.Range(0, 32).Select(i => (long)(i % 10)).ToArray()).DetachFromDisposeScope();
        long after200 = 0;
        for (int step = 1; step <= 2000; step++)
        {
            using (var scope = DisposeScope.Begin())
            {
                opt.ZeroGrad();
                Functional.CrossEntropy(net.Forward(x), y).Backward();
                opt.Step();
                if (scope.Count < 10) throw new InvalidOperationException($"only {scope.Count} tensors tracked by the step's scope");
            }
            if (step == 200) after200 = RssKiB();
        }
        return (after200, RssKiB());
    }

    private static long RssKiB()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }
}
