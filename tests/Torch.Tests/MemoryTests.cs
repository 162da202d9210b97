using NasLab.Torch;
using NasLab.Torch.Tests.Support;
using Xunit.Abstractions;

namespace NasLab.Torch.Tests;

public class MemoryTests(ITestOutputHelper output)
{
    /// <summary>
    /// Runs in a fresh process (the test assembly's probe entry point) so that memory other tests
    /// allocate or release in this process cannot move the figures.
    /// </summary>
    [Fact]
    public void DisposeScopeFreesEveryTemporaryOfATrainingStep()
    {
        var (exitCode, stdout, stderr) = ProbeProgram.RunInChild("memory-steps");
        Assert.True(exitCode == 0, $"probe failed: {stdout}{stderr}");
        var parts = stdout.Trim().Split(' ').Select(long.Parse).ToArray();
        var (after200, after2000) = (parts[0], parts[1]);
        var change = (after2000 - after200) / (double)after200;
        output.WriteLine($"RSS after step 200: {after200} KiB, after step 2000: {after2000} KiB ({change:P2})");
        Assert.True(Math.Abs(change) < 0.05, $"RSS moved by {change:P2} between step 200 ({after200} KiB) and step 2000 ({after2000} KiB)");
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
