using NasLab.Cli.Commands;
using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Oracle;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Zoo;
using NasLab.Tests.Support;

namespace NasLab.Tests.Export;

/// <summary><c>naslab zoo</c>: the reference networks with the cost model's numbers and, on request, measured latency.</summary>
public sealed class ZooCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Data rows of the table by name: the cells after the name.</summary>
    private static Dictionary<string, string[]> Rows(string output) => output.Split('\n')
        .Select(l => l.Trim().Trim('│').Split('│').Select(c => c.Trim()).ToArray())
        .Where(cells => cells.Length > 5 && ModelZoo.Names.Contains(cells[0]))
        .ToDictionary(cells => cells[0], cells => cells[1..]);

    [Fact]
    public void Table_lists_every_zoo_network_with_the_cost_models_params_and_macs()
    {
        var (code, output, error) = NasLabCli.Run("zoo");

        Assert.Equal((ExitCodes.Ok, ""), (code, error));
        var rows = Rows(output);
        Assert.Equal(ModelZoo.Names.Order(), rows.Keys.Order());
        foreach (var name in ModelZoo.Names)
        {
            var cost = CostModel.Compute(ModelZoo.Get(name));
            // Columns after the name: kind, input, classes, params, MACs.
            Assert.Equal(TrialFormat.Count(cost.Params), rows[name][3]);
            Assert.Equal(TrialFormat.Count(cost.Macs), rows[name][4]);
        }
    }

    [Fact]
    public void Resolution_changes_the_macs_but_not_the_params()
    {
        var (code, output, _) = NasLabCli.Run("zoo", "mnasnet-a1", "mixnet-s", "--resolution", "112");

        Assert.Equal(ExitCodes.Ok, code);
        var rows = Rows(output);
        Assert.Equal(["mixnet-s", "mnasnet-a1"], rows.Keys.Order());
        foreach (var (name, cells) in rows)
        {
            var net = ModelZoo.Get(name) with { InputResolution = 112 };
            Assert.Equal("112 px", cells[1]);
            Assert.Equal(TrialFormat.Count(CostModel.Compute(net).Macs), cells[4]);
        }
    }

    [Fact]
    public void Latency_is_measured_once_and_then_read_from_the_cache()
    {
        var cache = _dir.File("latency");
        string[] args = ["zoo", "mobilenet-v1-0.5-cifar", "--latency", "--cache", cache];

        var first = NasLabCli.Run(args);
        var second = NasLabCli.Run(args);

        Assert.Equal((ExitCodes.Ok, ""), (first.Code, first.Err));
        var measured = Rows(first.Out)["mobilenet-v1-0.5-cifar"][5];
        Assert.True(double.Parse(measured, System.Globalization.CultureInfo.InvariantCulture) > 0, measured);
        Assert.True(File.Exists(ExperimentLatency.MeasurementsFile(cache)));
        Assert.Equal(measured + " (cached)", Rows(second.Out)["mobilenet-v1-0.5-cifar"][5]);
    }

    /// <summary>Search's oracle, built from an experiment file's latency section as <c>search</c> builds it.</summary>
    private static ExperimentLatency SearchOracle(string cacheDirectory) =>
        ExperimentLatency.Create(ExperimentConfigLoader.Parse("name: t\nreward:\n  target_ms: 1\nlatency:\n  mode: measured\n", "test.yaml").Latency,
            cacheDirectory);

    [Fact]
    public void A_network_zoo_measured_is_read_from_the_cache_by_search()
    {
        var cache = _dir.File("latency");
        var zoo = NasLabCli.Run("zoo", "mobilenet-v1-0.5-cifar", "--latency", "--cache", cache);
        Assert.Equal((ExitCodes.Ok, ""), (zoo.Code, zoo.Err));
        var zooMs = Rows(zoo.Out)["mobilenet-v1-0.5-cifar"][5];

        var answer = SearchOracle(cache).Oracle.Query(ModelZoo.Get("mobilenet-v1-0.5-cifar"), OracleMode.Measured);

        Assert.True(answer.FromCache, "search measured a network zoo had already measured");
        Assert.Equal(zooMs, TrialFormat.Ms(answer.LatencyMs));
        Assert.Equal(1, new LatencyCache(ExperimentLatency.MeasurementsFile(cache)).Count);
    }

    [Fact]
    public void A_network_search_measured_is_read_from_the_cache_by_zoo()
    {
        var cache = _dir.File("latency");
        var answer = SearchOracle(cache).Oracle.Query(ModelZoo.Get("mobilenet-v1-0.5-cifar"), OracleMode.Measured);
        Assert.False(answer.FromCache);

        var zoo = NasLabCli.Run("zoo", "mobilenet-v1-0.5-cifar", "--latency", "--cache", cache);

        Assert.Equal((ExitCodes.Ok, ""), (zoo.Code, zoo.Err));
        Assert.Equal(TrialFormat.Ms(answer.LatencyMs) + " (cached)", Rows(zoo.Out)["mobilenet-v1-0.5-cifar"][5]);
        Assert.Equal(1, new LatencyCache(ExperimentLatency.MeasurementsFile(cache)).Count);
    }

    [Fact]
    public void Zoo_and_search_default_to_the_same_cache_directory()
    {
        var (code, help, _) = NasLabCli.Run("zoo", "--help");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains(ExperimentLatency.DefaultCacheDirectory(), help);
    }

    [Fact]
    public void A_damaged_cache_file_is_a_user_error_naming_it()
    {
        var cache = _dir.File("latency");
        Directory.CreateDirectory(cache);
        File.WriteAllText(ExperimentLatency.MeasurementsFile(cache), "{ not json");

        var (code, _, error) = NasLabCli.Run("zoo", "mobilenet-v1-0.5-cifar", "--latency", "--cache", cache);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains(ExperimentLatency.MeasurementsFile(cache), error);
    }

    [Theory]
    [InlineData(new[] { "zoo", "resnet-50" }, "unknown zoo network 'resnet-50'; known: mobilenet-v1-1.0, ")]
    [InlineData(new[] { "zoo", "--latency", "--device", "pixel-9" }, "--device: unknown device 'pixel-9'; allowed: cpu-1thread, cpu-2threads or remote:HOST:PORT[,...]")]
    [InlineData(new[] { "zoo", "--resolution", "0" }, "--resolution: 0 is too small")]
    public void Bad_arguments_are_user_errors_that_name_the_allowed_values(string[] args, string message)
    {
        var (code, _, error) = NasLabCli.Run(args);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains(message, error);
    }
}
