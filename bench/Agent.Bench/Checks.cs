using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Remote;

namespace NasLab.Agent.Bench;

/// <summary>Whether the agent measured what was asked: the same runs, warm-ups, inputs and profile as the local measurement.</summary>
internal sealed class Checks
{
    private readonly List<string> _problems = [];
    private readonly List<string> _probe = [];
    private int _answers;

    public void Compare(string label, LatencyResult local, LatencyResult remote, DeviceProfile profile, MeasurementProtocol protocol)
    {
        _answers++;
        void Problem(string what)
        {
            var line = $"{label}: {what}";
            if (!_problems.Contains(line)) _problems.Add(line);
        }
        if (remote.ModelSha256 != local.ModelSha256) Problem("model hashes differ");
        if (remote.Statistics.Runs != local.Statistics.Runs || remote.Statistics.Runs != protocol.MinRuns)
            Problem($"timed runs: agent {remote.Statistics.Runs}, local {local.Statistics.Runs}, protocol {protocol.MinRuns}..{protocol.MaxRuns}");
        if (remote.Statistics.WarmupRuns != local.Statistics.WarmupRuns)
            Problem($"warm-up runs: agent {remote.Statistics.WarmupRuns}, local {local.Statistics.WarmupRuns}");
        if (remote.InputShapes != local.InputShapes) Problem($"input shapes: agent {remote.InputShapes}, local {local.InputShapes}");
        if (remote.ProfileKey != profile.CacheKey) Problem($"profile key: agent '{remote.ProfileKey}', asked '{profile.CacheKey}'");
        if (remote.Agent is null) Problem("the agent's result does not name the agent");
    }

    /// <summary>
    /// A profile with a Resolution: locally, 4-D inputs are fed at that size (ORT refuses a size the model does not
    /// have); through the agent the same profile should give the same answer.
    /// </summary>
    public void ProbeResolution(RemoteLatencyDevice remote, LocalOrtDevice local, BenchNetwork tiny)
    {
        var model = tiny.Export();
        var native = tiny.Net.InputResolution;
        foreach (var resolution in new[] { native, native * 2 })
        {
            var profile = DeviceProfile.CpuOneThread with { Name = $"cpu-1thread-res{resolution}", Resolution = resolution };
            var localAnswer = Describe(() => local.Measure(model, profile));
            var remoteAnswer = Describe(() => remote.Measure(model, profile));
            var line = $"profile Resolution = {resolution} on {tiny.Label}: local {localAnswer}; agent {remoteAnswer}";
            var same = localAnswer == remoteAnswer || (localAnswer.StartsWith("refused", StringComparison.Ordinal) && remoteAnswer.StartsWith("refused", StringComparison.Ordinal));
            _probe.Add((same ? "  ok: " : "  PROBLEM: ") + line);
        }
    }

    private static string Describe(Func<LatencyResult> measure)
    {
        try
        {
            var result = measure();
            return $"measured {result.InputShapes}, profile key '{result.ProfileKey}'";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only whether it was refused: the agent's refusal arrives as the client's DeviceRefusedException, not ORT's own type.
            return e is DeviceRefusedException ? "refused (by the agent)" : $"refused ({e.GetType().Name})";
        }
    }

    public IEnumerable<string> Lines()
    {
        yield return $"{_answers} agent answers above, each compared with the local measurement of the same model: {(_problems.Count == 0 ? "all agree" : $"{_problems.Count} problem(s)")}";
        foreach (var problem in _problems) yield return "  PROBLEM: " + problem;
        yield return "a profile with a Resolution (not used above), through the agent and locally:";
        foreach (var line in _probe) yield return line;
    }
}
