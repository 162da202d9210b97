using System.Net;
using System.Net.Http.Headers;
using NasLab.DeviceAgent.Tests.Support;
using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Remote;
using NasLab.Search.Tests.Support;

namespace NasLab.DeviceAgent.Tests;

/// <summary>Real agent processes on loopback, measured through the real client.</summary>
public class AgentProcessTests : IDisposable
{
    private static MeasurementProtocol Quick => AgentSamples.Quick;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_measurement_through_the_agent_follows_the_protocol_and_names_the_agent_and_its_device()
    {
        using var agent = AgentProcess.Start(_directory.Path);
        using var client = agent.Client(Quick);
        var description = client.Describe();
        var profile = DeviceProfile.CpuOneThread;
        var result = client.Measure(AgentSamples.SmallModel, profile);

        Assert.Equal(ModelHash.Sha256(AgentSamples.SmallModel), result.ModelSha256);
        Assert.Equal(profile.CacheKey, result.ProfileKey);
        Assert.Equal(Quick.MinRuns, result.Statistics.Runs);
        Assert.Equal(Quick.WarmupRuns, result.Statistics.WarmupRuns);
        Assert.True(result.Statistics.MedianMs > 0);
        Assert.Equal(agent.Address.ToString(), result.Agent);
        Assert.Equal(LocalOrtDevice.LocalIdentity, result.RuntimeVersion);
        // The agent runs on this machine, so it describes this machine.
        Assert.Equal(MachineDescription.Current, result.Machine);
        Assert.Equal(MachineDescription.Current, description.Machine);
        Assert.StartsWith($"{LocalOrtDevice.LocalIdentity}@device-", client.Identity);
        Assert.Equal(1, client.Fetch().Measurements);
        Assert.Equal(0, agent.Stop());
    }

    [Fact]
    public void A_profile_resolution_reaches_the_agent_and_one_the_model_cannot_take_is_refused_as_locally()
    {
        using var agent = AgentProcess.Start(_directory.Path);
        using var client = agent.Client(Quick);
        var at32 = DeviceProfile.CpuOneThread with { Name = "res32", Resolution = 32 };
        var result = client.Measure(AgentSamples.SmallModel, at32);
        Assert.Equal(at32.CacheKey, result.ProfileKey);
        Assert.EndsWith("[1,3,32,32]", result.InputShapes);

        var at64 = at32 with { Name = "res64", Resolution = 64 };
        Assert.ThrowsAny<Exception>(() => new LocalOrtDevice(Quick).Measure(AgentSamples.SmallModel, at64));
        var error = Assert.Throws<DeviceRefusedException>(() => client.Measure(AgentSamples.SmallModel, at64));
        Assert.Contains("not a model ONNX Runtime can measure", error.Message);
    }

    [Fact]
    public void A_wrong_or_missing_token_is_refused_and_never_logged()
    {
        using var agent = AgentProcess.Start(_directory.Path);
        const string Wrong = "not-the-token-0123456789";
        using var client = agent.Client(Quick, token: Wrong);
        var error = Assert.Throws<DeviceRefusedException>(() => client.Measure(AgentSamples.SmallModel, DeviceProfile.CpuOneThread));
        Assert.Contains("missing or wrong token", error.Message);
        Assert.Contains(agent.Address.ToString(), error.Message);

        using var http = new HttpClient { BaseAddress = agent.Address.BaseUri };
        var anonymous = http.Send(new HttpRequestMessage(HttpMethod.Get, AgentProtocol.DeviceRoute));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(0, agent.Stop());
        Assert.Contains(agent.Lines, l => l.Contains("missing or wrong token"));
        Assert.DoesNotContain(agent.Lines, l => l.Contains(Wrong) || l.Contains(AgentProcess.Token));
    }

    [Fact]
    public void A_corrupt_model_gets_a_clear_error_and_the_agent_keeps_serving()
    {
        using var agent = AgentProcess.Start(_directory.Path);
        using var client = agent.Client(Quick);
        var corrupt = AgentSamples.SmallModel[..(AgentSamples.SmallModel.Length / 2)];
        var error = Assert.Throws<DeviceRefusedException>(() => client.Measure(corrupt, DeviceProfile.CpuOneThread));
        Assert.Contains("not a model ONNX Runtime can measure", error.Message);
        Assert.True(client.Measure(AgentSamples.SmallModel, DeviceProfile.CpuOneThread).Statistics.MedianMs > 0);
    }

    [Fact]
    public void A_model_over_the_size_limit_is_refused_by_the_client_and_by_the_agent_whatever_the_upload()
    {
        using var agent = AgentProcess.Start(_directory.Path, maxModelMegabytes: 1);
        using var client = agent.Client(Quick);
        var large = new byte[1024 * 1024 + 1];
        var error = Assert.Throws<DeviceRefusedException>(() => client.Measure(large, DeviceProfile.CpuOneThread));
        Assert.Contains("at most 1,048,576", error.Message);

        // Past the client's own check: a declared length, then a chunked upload that declares none.
        using var http = new HttpClient { BaseAddress = agent.Address.BaseUri };
        foreach (var chunked in new[] { false, true })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post,
                $"{AgentProtocol.MeasureRoute}?{AgentProtocol.MeasureQuery(DeviceProfile.CpuOneThread, Quick)}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AgentProcess.Token);
            request.Content = chunked ? new StreamContent(new MemoryStream(large)) : new ByteArrayContent(large);
            if (chunked) request.Headers.TransferEncodingChunked = true;
            using var response = http.Send(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var body = System.Text.Json.JsonSerializer.Deserialize<AgentError>(response.Content.ReadAsStringAsync().Result, AgentProtocol.Json)!;
            Assert.Contains("over this agent's limit of 1,048,576 bytes", body.Error);
        }
        Assert.Equal(0, client.Fetch().Measurements);
    }

    [Fact]
    public void Concurrent_requests_are_measured_one_at_a_time()
    {
        using var agent = AgentProcess.Start(_directory.Path);
        var protocol = new MeasurementProtocol(WarmupRuns: 5, MinRuns: 40, MaxRuns: 40, TimeCap: TimeSpan.FromSeconds(20));
        var clients = Enumerable.Range(0, 3).Select(_ => agent.Client(protocol)).ToList();
        var results = clients.AsParallel().WithDegreeOfParallelism(3)
            .Select(c => c.Measure(AgentSamples.SmallModel, DeviceProfile.CpuOneThread)).ToList();
        Assert.All(results, r => Assert.Equal(40, r.Statistics.Runs));
        Assert.Equal(0, agent.Stop());
        // The log shows each measurement's start and end: strictly alternating means none overlapped another.
        var events = agent.Lines.Where(l => l.StartsWith("measuring ", StringComparison.Ordinal) || l.StartsWith("measured ", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, events.Count);
        for (var i = 0; i < events.Count; i++)
            Assert.StartsWith(i % 2 == 0 ? "measuring " : "measured ", events[i]);
        foreach (var c in clients) c.Dispose();
    }

    [Fact]
    public void The_agent_writes_nothing_outside_its_own_temporary_folder_and_removes_it_on_exit()
    {
        var (home, work, temp) = (Path.Combine(_directory.Path, "home"), Path.Combine(_directory.Path, "work"), Path.Combine(_directory.Path, "tmp"));
        foreach (var d in new[] { home, work, temp }) Directory.CreateDirectory(d);
        var environment = new Dictionary<string, string> { ["HOME"] = home, ["TMPDIR"] = temp, ["XDG_CACHE_HOME"] = Path.Combine(home, ".cache") };
        using var agent = AgentProcess.Start(_directory.Path, environment: environment, workingDirectory: work);
        using (var client = agent.Client(Quick))
        {
            client.Measure(AgentSamples.SmallModel, DeviceProfile.CpuOneThread);
            Assert.Throws<DeviceRefusedException>(() => client.Measure([1, 2, 3], DeviceProfile.CpuOneThread));
        }
        var workspace = Assert.Single(Directory.GetDirectories(temp));
        Assert.StartsWith("naslab-agent-", Path.GetFileName(workspace));
        Assert.Equal(0, agent.Stop());
        Assert.Empty(Directory.GetFileSystemEntries(home));
        Assert.Empty(Directory.GetFileSystemEntries(work));
        Assert.Empty(Directory.GetFileSystemEntries(temp));
    }
}
