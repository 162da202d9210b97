using System.Diagnostics;
using NasLab.LatencyOracle.Remote;
using NasLab.Search.Config;
using NasLab.Search.Loop;
using NasLab.Search.Store;
using NasLab.Search.Store.LiteDb;
using NasLab.Tests.Support;

namespace NasLab.Tests.Search;

/// <summary>Two real <c>naslab device-agent</c> processes on loopback, shared by the tests of this class.</summary>
public sealed class TwoAgents : IDisposable
{
    private readonly List<Process> _processes = [];

    public TwoAgents()
    {
        TokenFile = Path.Combine(Directory.CreateTempSubdirectory("naslab-agents-").FullName, "token");
        File.WriteAllText(TokenFile, "remote-latency-tests-0123456789\n");
        Addresses = [Start(), Start()];
    }

    public string TokenFile { get; }

    public IReadOnlyList<AgentAddress> Addresses { get; }

    /// <summary>Measurements each agent has completed so far, asked of the agents themselves.</summary>
    public long[] Measurements() => Addresses.Select(a =>
    {
        using var client = new RemoteLatencyDevice(a, AgentTokenFile.Read(TokenFile));
        return client.Fetch().Measurements;
    }).ToArray();

    private AgentAddress Start()
    {
        var process = HelperProcess.Start("naslab", "device-agent", "--port", "0", "--host", "127.0.0.1", "--token-file", TokenFile);
        _processes.Add(process);
        var first = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the agent printed nothing");
        var url = first.Split(' ').First(w => w.StartsWith("http://", StringComparison.Ordinal));
        // Keep reading its log, so a full pipe never blocks the agent.
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var uri = new Uri(url);
        return new AgentAddress(uri.Host, uri.Port);
    }

    public void Dispose()
    {
        foreach (var p in _processes) { if (!p.HasExited) p.Kill(); p.WaitForExit(); p.Dispose(); }
        Directory.Delete(Path.GetDirectoryName(TokenFile)!, recursive: true);
    }
}

/// <summary>
/// Issue 15: search, the lookup table's calibration and <c>zoo</c> measure through two agents, and every trial
/// names the agent (or the farm) its latency came from.
/// </summary>
public sealed class RemoteLatencyTests(TwoAgents agents) : IClassFixture<TwoAgents>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("naslab-remote-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Yaml(string name, string mode, int trials) => $"""
        name: {name}
        seed: 3
        output_dir: {_dir}/runs
        dataset:
          path: auto
          validation_size: 100
          train_subset: 128
        proxy_training:
          epochs: 1
          width_multiplier: 0.25
        strategy:
          type: random
        reward:
          target_ms: 5
        latency:
          device: [{agents.Addresses[0]}, {agents.Addresses[1]}]
          token_file: {agents.TokenFile}
          mode: {mode}
          runs: 3
          warmup_runs: 1
        budget:
          trials: {trials}
        """;

    private IReadOnlyList<TrialRecord> Search(string name, string mode, int trials)
    {
        var yaml = Path.Combine(_dir, $"{name}.yaml");
        File.WriteAllText(yaml, Yaml(name, mode, trials));
        var outcome = SearchSession.Start(yaml, false, NullSearchObserver.Instance, CancellationToken.None, latencyCacheDirectory: Path.Combine(_dir, "cache"));
        Assert.Equal(SearchEnd.BudgetSpent, outcome.End);
        using var store = LiteDbTrialStore.OpenReadOnly(ExperimentConfigLoader.LoadFile(yaml).DatabasePath);
        return store.ListTrials(new TrialQuery(TrialStatus.Completed));
    }

    [Fact]
    public void A_measured_search_spreads_its_measurements_over_both_agents_and_records_which_one_measured()
    {
        var before = agents.Measurements();
        var trials = Search("measured", "measured", 4);
        var after = agents.Measurements();
        Assert.Equal(4, trials.Count);
        var names = agents.Addresses.Select(a => a.ToString()).ToList();
        Assert.All(trials, t => Assert.Contains(t.LatencyDevice, names));
        // Taking turns: each agent measured, and the agents' own counts add up to the trials measured.
        foreach (var name in names) Assert.Contains(trials, t => t.LatencyDevice == name);
        Assert.Equal(trials.Count, after.Sum() - before.Sum());
        Assert.All(trials, t => Assert.Equal(t.LatencyMs, t.MeasuredLatencyMs));

        // The cache keys name the device, so another device's (or this machine's) results can never answer.
        var cache = File.ReadAllText(Path.Combine(_dir, "cache", "measurements.json"));
        Assert.Contains("@device-", cache);

        var (code, shown, _) = NasLabCli.Run("show", Path.Combine(_dir, "runs", "measured"), trials[0].Id.ToString());
        Assert.Equal(0, code);
        Assert.Matches($@"latency device\s+{System.Text.RegularExpressions.Regex.Escape(trials[0].LatencyDevice!)}", shown);
    }

    [Fact]
    public void The_lookup_table_is_calibrated_and_filled_through_the_agents_and_kept_per_device()
    {
        var before = agents.Measurements();
        var trials = Search("lut", "lut", 3);
        var after = agents.Measurements();
        Assert.NotEmpty(trials);
        // Calibration measures whole networks and the table measures parts: both agents did some of it.
        Assert.True(after[0] > before[0] && after[1] > before[1], $"measurements before {string.Join(",", before)}, after {string.Join(",", after)}");
        var farm = string.Join(",", agents.Addresses);
        Assert.All(trials, t => Assert.Equal(farm, t.LatencyDevice));
        Assert.All(trials, t => Assert.Equal("lut", t.LatencyMode));
        var table = Assert.Single(Directory.GetFiles(Path.Combine(_dir, "cache"), "lut-remote-1threads-device-*.json"));
        Assert.Contains("\"Calibration\": {", File.ReadAllText(table));
    }

    [Fact]
    public void Zoo_measures_through_an_agent_and_says_which()
    {
        var agent = agents.Addresses[1].ToString();
        var (code, stdout, stderr) = NasLabCli.Run("zoo", "mobilenet-v2", "--resolution", "32", "--latency", "--device", agent,
            "--token-file", agents.TokenFile, "--cache", Path.Combine(_dir, "zoo-cache"));
        Assert.True(code == 0, stderr);
        Assert.Contains($"on {agent}", stdout);

        var (missing, _, error) = NasLabCli.Run("zoo", "mobilenet-v2", "--latency", "--device", agent, "--cache", Path.Combine(_dir, "zoo-cache"));
        Assert.Equal(1, missing);
        Assert.Contains("--token-file", error);
    }

    [Fact]
    public void A_wrong_token_or_an_agent_that_is_down_stops_the_command_before_anything_is_measured()
    {
        var wrong = Path.Combine(_dir, "wrong-token");
        File.WriteAllText(wrong, "this-is-not-the-agents-token\n");
        var (code, _, error) = NasLabCli.Run("zoo", "mobilenet-v2", "--latency", "--device", agents.Addresses[0].ToString(), "--token-file", wrong,
            "--cache", Path.Combine(_dir, "c"));
        Assert.Equal(1, code);
        Assert.Contains("missing or wrong token", error);
        Assert.DoesNotContain("this-is-not-the-agents-token", error);

        // A port nothing listens on: bind one, note it, release it.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (down, _, downError) = NasLabCli.Run("zoo", "mobilenet-v2", "--latency", "--device", $"remote:127.0.0.1:{port}", "--token-file", agents.TokenFile,
            "--cache", Path.Combine(_dir, "c"));
        Assert.Equal(1, down);
        Assert.Contains($"latency.device: no device agent answered: remote:127.0.0.1:{port}", downError);
    }

    [Fact]
    public void The_experiment_file_names_agents_and_their_token_file_with_located_errors()
    {
        ExperimentConfig Parse(string latency) => ExperimentConfigLoader.Parse($"reward: {{target_ms: 5}}\nlatency: {latency}\n", "x.yaml", "x");

        var config = Parse("{device: [remote:pi-a:5071, 'remote:[::1]:6000'], threads: 2, token_file: t.token, agent_timeout: 90s}");
        Assert.Equal(LatencyDevice.Remote, config.Latency.Device);
        Assert.Equal([new AgentAddress("pi-a", 5071), new AgentAddress("::1", 6000)], config.Latency.Agents);
        Assert.Equal(2, config.Latency.Threads);
        Assert.Equal(TimeSpan.FromSeconds(90), config.Latency.AgentTimeout);
        Assert.Equal(config, ExperimentConfigLoader.Parse(ConfigYamlWriter.Write(config), "printed.yaml", "x"));
        Assert.Equal(1, Parse("{device: remote:pi-a:5071, token_file: t}").Latency.Threads);

        void Refused(string latency, params string[] phrases)
        {
            var error = Assert.Throws<ConfigException>(() => Parse(latency));
            foreach (var phrase in phrases) Assert.Contains(phrase, error.Message);
        }
        Refused("{device: remote:pi-a:5071}", "latency.device", "token_file");
        Refused("{device: remote:pi-a, token_file: t}", "latency.device", "has no port");
        Refused("{device: [remote:a:1, remote:a:1], token_file: t}", "listed twice");
        Refused("{device: [], token_file: t}", "empty");
        Refused("{device: cpu-1thread, token_file: t}", "latency.token_file", "only applies to a remote device");
        Refused("{device: pi-a:5071}", "latency.device", "remote:HOST:PORT", "cpu-1thread");
    }
}
