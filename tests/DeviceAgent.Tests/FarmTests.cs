using NasLab.DeviceAgent.Tests.Support;
using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Remote;
using NasLab.Search.Tests.Support;

namespace NasLab.DeviceAgent.Tests;

/// <summary>A farm of real agent processes: measurements spread over them, and a dead or silent agent is survived.</summary>
public class FarmTests : IDisposable
{
    private static MeasurementProtocol Quick => AgentSamples.Quick;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Measurements_take_turns_over_the_agents()
    {
        using var a = AgentProcess.Start(_directory.Path);
        using var b = AgentProcess.Start(_directory.Path);
        using var farm = new LatencyDeviceFarm([a.Client(Quick), b.Client(Quick)]);
        var agents = Enumerable.Range(0, 4).Select(_ => farm.Measure(AgentSamples.SmallModel, DeviceProfile.CpuOneThread).Agent).ToList();
        Assert.Equal(2, agents.Count(x => x == a.Address.ToString()));
        Assert.Equal(2, agents.Count(x => x == b.Address.ToString()));
        Assert.Equal($"{a.Address},{b.Address}", farm.Name);
        Assert.Equal(a.Client().Describe().Identity, farm.Identity);
    }

    [Fact]
    public void An_agent_killed_mid_measurement_is_survived_by_measuring_on_another()
    {
        using var a = AgentProcess.Start(_directory.Path);
        using var b = AgentProcess.Start(_directory.Path);
        var slow = new MeasurementProtocol(WarmupRuns: 5, MinRuns: 400, MaxRuns: 400, TimeCap: TimeSpan.FromSeconds(60));
        // Start with the agent that will be killed, whatever this process's id says.
        var agents = new[] { a.Client(slow), b.Client(slow) };
        using var farm = new LatencyDeviceFarm(agents, retryPause: TimeSpan.FromMilliseconds(200));
        var target = farm.Agents[Environment.ProcessId % 2];
        var victim = target.Address == a.Address ? a : b;
        var survivor = victim == a ? b : a;
        var measuring = Task.Run(() => farm.Measure(AgentSamples.SmallModel, DeviceProfile.CpuOneThread));
        victim.WaitForLine("measuring ");
        victim.Kill();
        var result = measuring.GetAwaiter().GetResult();
        Assert.Equal(survivor.Address.ToString(), result.Agent);
        Assert.Equal(400, result.Statistics.Runs);
    }

    [Fact]
    public void A_silent_agent_times_out_and_the_next_one_measures()
    {
        using var a = AgentProcess.Start(_directory.Path);
        using var b = AgentProcess.Start(_directory.Path);
        var timeout = TimeSpan.FromSeconds(3);
        var clients = new[] { a.Client(Quick, timeout), b.Client(Quick, timeout) };
        using var farm = new LatencyDeviceFarm(clients, attemptsPerAgent: 1);
        _ = farm.Reference();
        var first = farm.Agents[Environment.ProcessId % 2];
        var frozen = first.Address == a.Address ? a : b;
        frozen.Signal("STOP");
        try
        {
            var result = farm.Measure(AgentSamples.SmallModel, DeviceProfile.CpuOneThread);
            Assert.NotEqual(frozen.Address.ToString(), result.Agent);
        }
        finally { frozen.Signal("CONT"); }
    }

    [Fact]
    public void When_no_agent_can_measure_the_error_gives_every_agents_reason_and_no_latency()
    {
        using var a = AgentProcess.Start(_directory.Path);
        using var b = AgentProcess.Start(_directory.Path);
        using var farm = new LatencyDeviceFarm([a.Client(Quick), b.Client(Quick)], retryPause: TimeSpan.FromMilliseconds(100));
        _ = farm.Reference();
        a.Kill();
        b.Kill();
        var error = Assert.Throws<DeviceUnavailableException>(() => farm.Measure(AgentSamples.SmallModel, DeviceProfile.CpuOneThread));
        Assert.Contains(a.Address.ToString(), error.Message);
        Assert.Contains(b.Address.ToString(), error.Message);
        Assert.Contains("try 2 of 2", error.Message);
    }
}
