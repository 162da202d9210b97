using NasLab.LatencyOracle.Remote;
using YamlDotNet.RepresentationModel;

namespace NasLab.Search.Config.Sections;

/// <summary>
/// Parses <c>latency</c>; <c>threads</c> is only written for the custom and remote devices, <c>token_file</c> and
/// <c>agent_timeout</c> only for remote ones.
/// </summary>
internal static class LatencySection
{
    public static readonly string[] Keys = ["device", "threads", "mode", "runs", "warmup_runs", "verify_every", "token_file", "agent_timeout"];

    public static LatencyConfig Parse(MappingReader? s)
    {
        var d = LatencyConfig.Defaults;
        if (s is null) return d;
        var (device, agents) = Device(s, d.Device);
        int threads;
        if (device == LatencyDevice.Custom)
        {
            threads = s.Integer("threads", 1, 256) ?? throw s.Error("device", "device: custom needs threads (1 to 256)");
        }
        else if (device == LatencyDevice.Remote)
        {
            threads = s.Integer("threads", 1, 256) ?? 1;
        }
        else
        {
            threads = LatencyConfig.PresetThreads(device);
            if (s.Has("threads"))
            {
                throw s.Error("threads", $"is fixed to {threads} by device '{Choices.LatencyDevices.NameOf(device)}'; " +
                                         "use device: custom to choose the thread count");
            }
        }
        var mode = s.Choice("mode", Choices.LatencyModes) ?? d.Mode;
        if (s.Has("verify_every") && mode != LatencyMode.LutVerify)
            throw s.Error("verify_every", $"only applies to mode: lut+verify (the mode is '{Choices.LatencyModes.NameOf(mode)}')");
        string? tokenFile = null;
        TimeSpan? agentTimeout = null;
        if (device == LatencyDevice.Remote)
        {
            tokenFile = s.PathText("token_file") ?? throw s.Error("device", $"a remote device needs token_file: the file whose first line is the agents' token ({AgentTokenFile.HowToMakeOne})");
            agentTimeout = s.Duration("agent_timeout");
        }
        else
        {
            foreach (var key in new[] { "token_file", "agent_timeout" })
                if (s.Has(key)) throw s.Error(key, $"only applies to a remote device (device: {AgentAddress.Syntax})");
        }
        return new LatencyConfig(
            device,
            threads,
            mode,
            s.Integer("runs", 1, 10_000) ?? d.Runs,
            s.Integer("warmup_runs", 0, 10_000) ?? d.WarmupRuns,
            s.Integer("verify_every", 1, 1_000_000) ?? d.VerifyEvery)
        {
            Agents = agents,
            TokenFile = tokenFile,
            AgentTimeout = agentTimeout,
        };
    }

    /// <summary>A preset name, <c>remote:HOST:PORT</c>, or a list of agent addresses (a farm).</summary>
    private static (LatencyDevice Device, AgentAddress[] Agents) Device(MappingReader s, LatencyDevice fallback)
    {
        switch (s.Raw("device"))
        {
            case null:
                return (fallback, []);
            case YamlSequenceNode list:
                var agents = list.Children.Select(item => Agent(s, item)).ToArray();
                if (agents.Length == 0) throw s.Error("device", $"the list of agents is empty; write {AgentAddress.Syntax} at least once");
                if (agents.Distinct().Count() != agents.Length) throw s.Error("device", "an agent is listed twice");
                return (LatencyDevice.Remote, agents);
            case YamlScalarNode { Value: { } text } when AgentAddress.LooksLikeAgent(text):
                return (LatencyDevice.Remote, [Agent(s, s.Raw("device")!)]);
            case YamlScalarNode { Value: { } name } when Choices.LatencyDevices.TryParse(name, out var preset):
                return (preset, []);
            case YamlScalarNode { Value: { } name }:
                var hint = Suggestions.Closest(name, Choices.LatencyDevices.Names) is { } near ? $"did you mean '{near}'? " : "";
                throw s.Error("device", $"'{name}' is not allowed; {hint}allowed values: {Choices.LatencyDeviceValues}");
            case var other:
                throw s.Error("device", $"expected {Choices.LatencyDeviceValues}, got {MappingReader.Describe(other)}");
        }
    }

    private static AgentAddress Agent(MappingReader s, YamlNode node)
    {
        if (node is not YamlScalarNode { Value: { } text })
            throw s.Error("device", $"each agent is written {AgentAddress.Syntax}, got {MappingReader.Describe(node)}");
        if (!AgentAddress.TryParse(text, out var address, out var problem))
            throw new ConfigException(s.Source, MappingReader.At(s.Source, node), s.FieldPath("device"), problem);
        return address;
    }
}
