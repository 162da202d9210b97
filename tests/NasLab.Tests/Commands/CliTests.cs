using NasLab.Search.Store.LiteDb;
using System.Text.Json;
using NasLab.Cli.Commands;
using NasLab.Search.Config;
using NasLab.Search.Store;
using NasLab.Cli;
using NasLab.Tests.Support;

namespace NasLab.Tests.Commands;

/// <summary>End-to-end runs of the command line with captured output.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Code, string Out, string Err) Run(params string[] args) => NasLabCli.Run(args);

    private string SampleDb()
    {
        var db = Path.Combine(_dir.Path, "exp", "trials.db");
        using var store = LiteDbTrialStore.Create(db, Samples.Identity);
        ParetoSample.Fill(store);
        return db;
    }

    /// <summary>Trial numbers in table order: the first cell of each data row.</summary>
    private static int[] TableIds(string output) => output.Split('\n')
        .Select(l => l.Trim().TrimStart('│').Split('│'))
        .Where(cells => cells.Length > 3 && int.TryParse(cells[0].Trim(), out _))
        .Select(cells => int.Parse(cells[0].Trim()))
        .ToArray();

    [Fact]
    public void Validate_prints_a_resolved_config_that_parses_back()
    {
        var file = _dir.File("ok.yaml");
        // validate checks the data search would read: the real CIFAR-10 subset (5,085 training images).
        File.WriteAllText(file, "reward:\n  target_ms: 75\nstrategy: {type: random}\n" +
                                "dataset: {path: /work/shared/data/cifar10-subset, validation_size: 1000}\n");
        var (code, output, error) = Run("validate", file);

        Assert.Equal((ExitCodes.Ok, ""), (code, error));
        Assert.StartsWith($"# {file}: valid\n", output);
        var printed = ExperimentConfigLoader.Parse(output, "printed");
        Assert.Equal(ExperimentConfigLoader.LoadFile(file), printed);
        Assert.Contains("  validation_size: 1000\n", output);
        Assert.Contains("  batch_size: ", output); // defaults filled in
        Assert.Contains($"# config hash: {ConfigHash.Compute(printed)}\n", output);
    }

    [Fact]
    public void Validate_reports_a_bad_file_on_stderr_with_exit_code_1_and_no_stack_trace()
    {
        var file = _dir.File("bad.yaml");
        File.WriteAllText(file, "reward:\n  target_ms: 75\n  constraint: medium\n");
        var (code, output, error) = Run("validate", file);

        Assert.Equal(ExitCodes.UserError, code);
        Assert.Equal("", output);
        Assert.Equal($"{file}:3:15: reward.constraint: 'medium' is not allowed; allowed values: soft, hard\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Trials_lists_sorts_filters_and_limits()
    {
        var db = SampleDb();
        var all = Run("trials", db);
        Assert.Equal(ExitCodes.Ok, all.Code);
        Assert.Equal(Enumerable.Range(1, 10), TableIds(all.Out));
        Assert.Contains("10 shown; 10 trials in total, 8 completed, 1 failed, 1 duplicates, 0 queued, 0 running", all.Out);
        Assert.Contains("duplicate of 6", all.Out);

        // accuracy: 6 (0.95), then 2 and 10 and 7 (0.90, duplicate 10 copies 6's 0.95)...
        Assert.Equal([6, 10, 2], TableIds(Run("trials", db, "--sort", "accuracy", "--top", "3").Out));
        Assert.Equal([3, 5, 1], TableIds(Run("trials", db, "--sort", "latency_ms", "--top", "3", "--status", "completed").Out));
        Assert.Equal([6, 8], TableIds(Run("trials", db, "--sort", "latency_ms", "--order", "desc", "--top", "2", "--status", "completed").Out));
        Assert.Equal([9], TableIds(Run(["trials", Path.GetDirectoryName(db)!, "--status", "failed"]).Out)); // directory works too
    }

    [Fact]
    public void Trials_rejects_bad_options_with_the_allowed_values()
    {
        var db = SampleDb();
        var status = Run("trials", db, "--status", "done");
        Assert.Equal((ExitCodes.UserError, "unknown trial status 'done'; allowed values: queued, running, completed, failed, duplicate\n"),
            (status.Code, status.Err));

        var sort = Run("trials", db, "--sort", "speed");
        Assert.Equal(ExitCodes.UserError, sort.Code);
        Assert.StartsWith("cannot sort by 'speed'; allowed columns: id, accuracy,", sort.Err);

        var missing = Run("trials", _dir.File("nope.db"));
        Assert.Equal((ExitCodes.UserError, $"{_dir.File("nope.db")}: no such trial store\n"), (missing.Code, missing.Err));
    }

    [Fact]
    public void Show_prints_one_trial_and_json_round_trips()
    {
        var db = SampleDb();
        var (code, output, _) = Run("show", db, "9");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("failed", output);
        Assert.Contains("diverged: loss is NaN", output);
        Assert.Contains("b9_k3_e6", output);

        var json = Run("show", db, "2", "--json");
        var record = JsonSerializer.Deserialize<JsonElement>(json.Out);
        Assert.Equal(2, record.GetProperty("Id").GetInt32());
        Assert.Equal(0.9, record.GetProperty("Accuracy").GetDouble());
        Assert.Equal(50, record.GetProperty("LatencyMs").GetDouble());

        var missing = Run("show", db, "42");
        Assert.Equal((ExitCodes.UserError, $"{db}: there is no trial 42 (the experiment has 10 trials)\n"), (missing.Code, missing.Err));
    }

    [Fact]
    public void Pareto_prints_the_hand_checked_front()
    {
        var (code, output, _) = Run("pareto", SampleDb());
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(ParetoSample.ExpectedFront, TableIds(output));
        Assert.Contains("4 of 8 completed trials are Pareto-optimal", output);
    }

    [Theory]
    [InlineData("search", "no/such/experiment.yaml")]
    [InlineData("resume", "no/such/experiment")]
    [InlineData("train", "no-such-network", "-o", "w.bin")]
    public void Commands_reject_missing_inputs_as_user_errors(params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains(args[1], error);
    }

    [Fact]
    public void Search_reports_configuration_errors_before_starting()
    {
        var bad = _dir.File("bad.yaml");
        File.WriteAllText(bad, "reward: {target_ms: 75, constraint: medium}\n");
        var rejected = Run("search", bad);
        Assert.Equal(ExitCodes.UserError, rejected.Code);
        Assert.Contains($"{bad}:1:", rejected.Err);
        Assert.Contains("reward.constraint: 'medium' is not allowed; allowed values: soft, hard", rejected.Err);
        Assert.False(Directory.Exists(_dir.File("runs")));

        var missing = Run("search", _dir.File("missing.yaml"));
        Assert.Equal((ExitCodes.UserError, $"{_dir.File("missing.yaml")}: file not found\n"), (missing.Code, missing.Err));
    }

    [Fact]
    public void Export_format_is_checked_by_the_parser()
    {
        var (code, _, error) = Run("export", "x.db", "3", "--format", "pdf", "-o", "m");
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("pdf", error);
    }

    [Fact]
    public void Help_version_and_unknown_commands()
    {
        var help = Run("--help");
        Assert.Equal(ExitCodes.Ok, help.Code);
        foreach (var command in new[] { "search", "resume", "trials", "show", "pareto", "zoo", "report", "export", "train", "validate" })
        {
            Assert.Contains($"  {command} ", help.Out);
        }

        var version = Run("--version");
        Assert.Equal((ExitCodes.Ok, NasLabVersion.Current), (version.Code, version.Out.Trim().Split('+')[0]));

        Assert.Equal(ExitCodes.UserError, Run("serach", "x.yaml").Code);
    }
}
