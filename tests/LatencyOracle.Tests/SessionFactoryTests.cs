using Microsoft.ML.OnnxRuntime;
using NasLab.LatencyOracle.Runtime;
using NasLab.LatencyOracle.Latency;
using GraphOptimizationLevel = NasLab.LatencyOracle.Runtime.GraphOptimizationLevel;
using OrtOptimization = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel;

namespace NasLab.LatencyOracle.Tests;

/// <summary>Device-profile settings reach ORT's session options unchanged.</summary>
public class SessionFactoryTests
{
    [Theory]
    [InlineData(GraphOptimizationLevel.DisableAll, OrtOptimization.ORT_DISABLE_ALL)]
    [InlineData(GraphOptimizationLevel.Basic, OrtOptimization.ORT_ENABLE_BASIC)]
    [InlineData(GraphOptimizationLevel.Extended, OrtOptimization.ORT_ENABLE_EXTENDED)]
    [InlineData(GraphOptimizationLevel.All, OrtOptimization.ORT_ENABLE_ALL)]
    public void OptimizationLevelMapsOntoOrts(GraphOptimizationLevel ours, OrtOptimization ort)
    {
        using var options = SessionFactory.CreateOptions(new SessionSettings(OptimizationLevel: ours));
        Assert.Equal(ort, options.GraphOptimizationLevel);
    }

    [Fact]
    public void ProfileThreadsAndSequentialExecutionReachTheOptions()
    {
        var profile = new DeviceProfile("custom", IntraOpThreads: 3, InterOpThreads: 2, OptimizationLevel: GraphOptimizationLevel.Basic);
        using var options = SessionFactory.CreateOptions(profile.ToSessionSettings());
        Assert.Equal(3, options.IntraOpNumThreads);
        Assert.Equal(2, options.InterOpNumThreads);
        Assert.Equal(ExecutionMode.ORT_SEQUENTIAL, options.ExecutionMode);
        Assert.Equal(OrtOptimization.ORT_ENABLE_BASIC, options.GraphOptimizationLevel);
    }
}
