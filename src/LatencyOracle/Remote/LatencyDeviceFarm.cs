using NasLab.LatencyOracle.Latency;

namespace NasLab.LatencyOracle.Remote;

/// <summary>
/// One device made of one or several agents on identical boards: each measurement goes to the next agent in turn
/// (so several workers, or several measurements, spread over the farm). An agent that is down or does not answer is
/// asked again after a pause, then the next agent is asked; when none can measure, the error lists every agent's
/// reason and no latency is returned. Refusals (token, model) are not retried. All agents must describe the same
/// device, since a search compares every latency with every other: an agent that describes another one is refused.
/// </summary>
public sealed class LatencyDeviceFarm : ILatencyDevice, IDisposable
{
    private readonly IReadOnlyList<RemoteLatencyDevice> _agents;
    private readonly int _attemptsPerAgent;
    private readonly TimeSpan _retryPause;
    private readonly object _lock = new();
    private AgentDescription? _reference;
    private RemoteLatencyDevice? _referenceAgent;
    private int _next;

    /// <param name="agents">The farm's agents (at least one; no address twice).</param>
    /// <param name="attemptsPerAgent">Tries on one agent before moving to the next (at least 1).</param>
    /// <param name="retryPause">Pause between two tries on one agent.</param>
    public LatencyDeviceFarm(IReadOnlyList<RemoteLatencyDevice> agents, int attemptsPerAgent = 2, TimeSpan? retryPause = null)
    {
        ArgumentNullException.ThrowIfNull(agents);
        if (agents.Count == 0) throw new ArgumentException("A farm needs at least one agent.", nameof(agents));
        if (agents.Select(a => a.Address).Distinct().Count() != agents.Count)
            throw new ArgumentException($"An agent is listed twice: {string.Join(", ", agents.Select(a => a.Name))}.", nameof(agents));
        if (attemptsPerAgent < 1) throw new ArgumentOutOfRangeException(nameof(attemptsPerAgent), attemptsPerAgent, "must be >= 1");
        _agents = agents;
        _attemptsPerAgent = attemptsPerAgent;
        _retryPause = retryPause ?? TimeSpan.FromSeconds(1);
        // Processes sharing a farm start at different agents, so their first measurements do not all queue on one.
        _next = Environment.ProcessId % agents.Count;
    }

    public IReadOnlyList<RemoteLatencyDevice> Agents => _agents;

    public string Name => string.Join(",", _agents.Select(a => a.Name));

    public string Identity => Reference().Identity;

    public MachineDescription Machine => Reference().Machine;

    /// <summary>The description every agent must match: the first agent that answers gives it.</summary>
    public AgentDescription Reference()
    {
        lock (_lock)
        {
            if (_reference is not null) return _reference;
            var reasons = new List<string>();
            foreach (var agent in _agents)
            {
                try
                {
                    (_reference, _referenceAgent) = (agent.Describe(), agent);
                    return _reference;
                }
                catch (DeviceUnavailableException e)
                {
                    reasons.Add(e.Message);
                }
            }
            throw new DeviceUnavailableException($"no device agent answered: {string.Join("; ", reasons)}");
        }
    }

    public LatencyResult Measure(byte[] model, DeviceProfile profile)
    {
        var reference = Reference();
        int first;
        lock (_lock) first = _next++ % _agents.Count;
        var reasons = new List<string>();
        for (var k = 0; k < _agents.Count; k++)
        {
            var agent = _agents[(first + k) % _agents.Count];
            for (var attempt = 1; attempt <= _attemptsPerAgent; attempt++)
            {
                try
                {
                    RequireSameDevice(agent, reference);
                    return agent.Measure(model, profile);
                }
                catch (DeviceUnavailableException e)
                {
                    reasons.Add($"{e.Message} (try {attempt} of {_attemptsPerAgent})");
                    if (attempt < _attemptsPerAgent) Thread.Sleep(_retryPause);
                }
            }
        }
        throw new DeviceUnavailableException($"no device agent could measure the model: {string.Join("; ", reasons)}");
    }

    private void RequireSameDevice(RemoteLatencyDevice agent, AgentDescription reference)
    {
        var description = agent.Describe();
        if (description.Identity != reference.Identity)
            throw new DeviceRefusedException($"{agent.Name} is another device ({description.Summary}) than {_referenceAgent!.Name} " +
                                             $"({reference.Summary}); a farm's agents must run on identical devices, since the search compares their latencies");
    }

    public void Dispose()
    {
        foreach (var agent in _agents) agent.Dispose();
    }
}
