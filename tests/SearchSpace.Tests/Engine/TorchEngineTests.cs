using NasLab.SearchSpace.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.SearchSpace.Tests.Engine;

public class TorchEngineTests
{
    [Fact]
    public void TorchSharpLoadsAndComputes()
    {
        TorchEngine.EnsureInitialized();
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = a.matmul(a);
        // [[1,2],[3,4]]^2 = [[7,10],[15,22]], exact in float32.
        Assert.Equal(new float[] { 7, 10, 15, 22 }, b.data<float>().ToArray());
    }

    [Fact]
    public void ChannelsLastGivesExactNhwcStridesAndKeepsValues()
    {
        TorchEngine.EnsureInitialized();
        using var x = torch.arange(2 * 3 * 4 * 5, dtype: ScalarType.Float32).reshape(2, 3, 4, 5);
        using var cl = ChannelsLast.Of(x);
        Assert.Equal(new long[] { 60, 1, 15, 3 }, cl.stride());
        Assert.True(ChannelsLast.Is(cl));
        Assert.False(ChannelsLast.Is(x));
        Assert.True(cl.equal(x).all().item<bool>());

        // 1x1 and depthwise weights are where a naive conversion keeps NCHW strides.
        using var w = torch.ones(8, 4, 1, 1);
        using var wcl = ChannelsLast.Of(w);
        Assert.Equal(new long[] { 4, 1, 4, 4 }, wcl.stride());
    }

    [Fact]
    public void ApplyConvertsParametersInPlaceSoOptimizersKeepThem()
    {
        TorchEngine.EnsureInitialized();
        using var conv = nn.Conv2d(4, 8, 1, bias: false);
        var before = conv.weight!;
        ChannelsLast.Apply(conv);
        Assert.Same(before, conv.weight);
        Assert.True(ChannelsLast.Is(conv.weight!));
        Assert.True(conv.weight!.requires_grad);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    public void UnknownDevicesNameTheAllowedValues(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => EngineDevice.Resolve(text));
        Assert.Contains("allowed: cpu, cuda, cuda:N", e.Message);
    }

    [Fact]
    public void CudaWithoutCudaIsAClearError()
    {
        if (torch.cuda.is_available()) return; // a CUDA host: nothing to check
        var e = Assert.Throws<ArgumentException>(() => EngineDevice.Resolve("cuda"));
        Assert.Contains("needs CUDA", e.Message);
        Assert.Equal(torch.CPU.type, EngineDevice.Resolve("cpu").type);
    }
}
