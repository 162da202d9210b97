using NasLab.Torch;
using NasLab.Torch.Native;
using NasLab.Torch.Nn;
using NasLab.Torch.Tests.Support;

namespace NasLab.Torch.Tests;

/// <summary>Bad input surfaces as C# exceptions with libtorch's message; nothing crashes the process.</summary>
public class ErrorTests
{
    [Fact]
    public void WrongConvShapeNamesBothShapes()
    {
        using var scope = DisposeScope.Begin();
        var x = Tensor.Zeros([1, 3, 8, 8]);
        var w = Tensor.Zeros([4, 5, 3, 3]);
        var e = Assert.Throws<TorchException>(() => Functional.Conv2d(x, w));
        Assert.Contains("[4, 5, 3, 3]", e.Message);
        Assert.Contains("[1, 3, 8, 8]", e.Message);
    }

    [Fact]
    public void MismatchedMatmulAndDtypeErrorsAreExceptions()
    {
        using var scope = DisposeScope.Begin();
        var a = Tensor.Zeros([2, 3]);
        Assert.Throws<TorchException>(() => a.MatMul(Tensor.Zeros([4, 5])));
        // Cross-entropy wants int64 class indices; float targets of the wrong shape must be refused.
        Assert.Throws<TorchException>(() => Functional.CrossEntropy(a, Tensor.Zeros([7])));
        var floats = Tensor.Zeros([3]);
        var ex = Assert.Throws<TorchException>(() => floats.ToArray<long>());
        Assert.Contains("Float32", ex.Message);
        Assert.Throws<TorchException>(() => Tensor.From(new float[5], 2, 3));
        Assert.Throws<TorchException>(() => a.Reshape(4, 4));
    }

    [Fact]
    public void UseAfterDisposeThrowsObjectDisposed()
    {
        var t = Tensor.Ones([2]);
        t.Dispose();
        Assert.True(t.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => t.Shape);
        Assert.Throws<ObjectDisposedException>(() => t + 1);
        t.Dispose(); // idempotent

        var conv = new Conv2d(1, 1, 1);
        var opt = new Optim.Sgd(conv.Parameters(), 0.1);
        opt.Dispose();
        Assert.Throws<ObjectDisposedException>(() => opt.Step());
        conv.Dispose();
        Assert.Throws<ObjectDisposedException>(() => conv.Weight.Shape);
    }

    [Fact]
    public void InvalidModuleArgumentsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new Conv2d(6, 4, 3, groups: 4));
        Assert.Contains("groups = 4", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
        Assert.Throws<ArgumentException>(() => new Optim.Sgd([Tensor.Ones([1])], 0.1, momentum: 0, nesterov: true));
    }

    [Fact]
    public void MissingNativeLibraryMessageSaysWhereItLookedAndWhatToRun()
    {
        var tried = NativeLibraryLoader.Candidates(null, "/opt/app/bin").Take(3).ToList();
        Assert.Equal("/opt/app/bin/libnaslab_torch.so", tried[0]);
        Assert.Equal("/opt/app/bin/artifacts/native/libnaslab_torch.so", tried[1]);
        Assert.Equal(["/custom/lib.so"], NativeLibraryLoader.Candidates("/custom/lib.so", "/opt/app/bin"));
        var message = NativeLibraryLoader.NotFoundMessage(tried);
        Assert.Contains("/opt/app/bin/libnaslab_torch.so", message);
        Assert.Contains("./bootstrap.sh", message);
    }

    [Fact]
    public void MissingNativeLibraryInAFreshProcessGivesTheClearException()
    {
        // A child process with NASLAB_TORCH_NATIVE pointing nowhere: the loader must raise
        // TorchNativeLibraryException (not crash) on the first tensor operation.
        var (exitCode, stdout, stderr) = ProbeProgram.RunInChild("missing-native",
            new Dictionary<string, string> { ["NASLAB_TORCH_NATIVE"] = "/nonexistent/libnaslab_torch.so" });
        var output = stdout + stderr;
        Assert.Contains("TorchNativeLibraryException", output);
        Assert.Contains("libnaslab_torch.so was not found (looked in: /nonexistent/libnaslab_torch.so)", output);
        Assert.Equal(3, exitCode);
    }
}
