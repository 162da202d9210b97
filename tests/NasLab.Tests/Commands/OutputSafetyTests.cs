using NasLab.Search.Store.LiteDb;
using System.Diagnostics;
using System.Security.Cryptography;
using NasLab.Cli.Commands;
using NasLab.Search.Store;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Json;
using NasLab.SearchSpace.Text;
using NasLab.SearchSpace.Zoo;
using NasLab.Tests.Export;
using NasLab.Tests.Support;
using static TorchSharp.torch;

namespace NasLab.Tests.Commands;

/// <summary>
/// <c>export</c>, <c>report</c> and <c>train</c> never write over what they read or over a trial store (however the
/// path is spelled), and replace an existing output by renaming a finished temporary file over it.
/// </summary>
public sealed class OutputSafetyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A store whose trial 1 is an exportable network and whose experiment file parses.</summary>
    private string Store(string directory = "exp")
    {
        var db = _dir.File(Path.Combine(directory, "trials.db"));
        var net = ModelFixtures.RandomMnasNet(seed: 5, resolution: 32);
        var missingData = _dir.File("no-such-data");
        var identity = new ExperimentIdentity("exp", $"name: exp\nreward: {{target_ms: 1}}\ndataset: {{path: '{missingData}'}}\n", "name: 'exp'\n", new string('a', 64), new DatasetIdentity("unknown", 0, 0, ""));
        using var store = LiteDbTrialStore.Create(db, identity);
        store.BeginTrial(new TrialProposal([1], ArchitectureJson.Serialize(net), NetworkString.Format(net), "h1", 1));
        return db;
    }

    private static string Digest(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    private static void AssertRefused((int Code, string Out, string Err) run, string option, string path)
    {
        Assert.Equal(ExitCodes.UserError, run.Code);
        Assert.StartsWith($"{option}: ", run.Err);
        Assert.Contains($"'{path}'", run.Err);
        Assert.DoesNotContain("   at ", run.Err);
    }

    [Theory]
    [InlineData("trials.db")]
    [InlineData("trials-log.db")]
    [InlineData("trials.db.lock")]
    public void Report_refuses_its_own_store_and_the_store_side_files(string name)
    {
        var db = Store();
        var before = Digest(db);
        var output = _dir.File(Path.Combine("exp", name));

        var run = NasLabCli.Run("report", _dir.File("exp"), "-o", output);

        AssertRefused(run, "--output", output);
        Assert.Contains("trial store", run.Err);
        Assert.Equal(before, Digest(db));
        if (name != "trials.db") Assert.False(File.Exists(output) && File.ReadAllText(output).Contains("<html", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Another_spelling_or_a_symlink_of_the_store_is_the_store()
    {
        var db = Store();
        var before = Digest(db);
        Directory.CreateSymbolicLink(_dir.File("linked-exp"), _dir.File("exp"));
        File.CreateSymbolicLink(_dir.File("alias.db"), db);

        foreach (var output in new[] { _dir.File("exp/../exp/./trials.db"), _dir.File("linked-exp/trials.db"), _dir.File("alias.db"), _dir.File("linked-exp/trials-log.db") })
        {
            AssertRefused(NasLabCli.Run("report", db, "-o", output), "--output", output);
            Assert.Equal(before, Digest(db));
        }
        Assert.True(File.ResolveLinkTarget(_dir.File("alias.db"), returnFinalTarget: false) is not null, "the symlink itself is kept");
    }

    [Fact]
    public void Outputs_never_replace_another_experiments_store()
    {
        Store("a");
        var other = Store("b");
        var before = Digest(other);

        AssertRefused(NasLabCli.Run("report", _dir.File("a"), "-o", other), "--output", other);
        AssertRefused(NasLabCli.Run("export", _dir.File("a"), "1", "--format", "csharp", "-o", other), "--output", other);
        Assert.Equal(before, Digest(other));
    }

    [Theory]
    [InlineData("csharp")]
    [InlineData("onnx")]
    public void Export_refuses_the_store_it_reads(string format)
    {
        var db = Store();
        var before = Digest(db);

        AssertRefused(NasLabCli.Run("export", db, "1", "--format", format, "-o", db), "--output", db);
        AssertRefused(NasLabCli.Run("export", _dir.File("exp"), "1", "--format", format, "-o", _dir.File("exp/trials-log.db")), "--output", _dir.File("exp/trials-log.db"));
        Assert.Equal(before, Digest(db));
    }

    [Fact]
    public void Export_refuses_to_write_over_its_weights()
    {
        using var scope = NewDisposeScope();
        using var module = NetworkBuilder.Build(ModelZoo.Get("mobilenet-v1-0.5-cifar"));
        var weights = _dir.File("w.bin");
        module.save(weights);
        var before = Digest(weights);
        File.CreateSymbolicLink(_dir.File("w-link.bin"), weights);

        var run = NasLabCli.Run("export", _dir.File("unused.db"), "mobilenet-v1-0.5-cifar", "--format", "onnx", "--weights", weights, "-o", weights);
        AssertRefused(run, "--output", weights);
        Assert.Contains("--weights", run.Err);
        AssertRefused(NasLabCli.Run("export", _dir.File("unused.db"), "mobilenet-v1-0.5-cifar", "--format", "onnx", "--weights", weights, "-o", _dir.File("w-link.bin")),
            "--output", _dir.File("w-link.bin"));
        Assert.Equal(before, Digest(weights));
    }

    [Fact]
    public void Train_refuses_its_store_and_its_config_before_training()
    {
        var db = Store();
        var before = Digest(db);
        AssertRefused(NasLabCli.Run("train", _dir.File("exp"), "--trial", "1", "-o", db), "--output", db);
        Assert.Equal(before, Digest(db));
        var directory = NasLabCli.Run("train", _dir.File("exp"), "--trial", "1", "-o", _dir.File("exp"));
        AssertRefused(directory, "--output", _dir.File("exp"));
        Assert.Contains("is a directory", directory.Err);

        var config = _dir.File("train.yaml");
        File.WriteAllText(config, $"dataset: {{path: '{_dir.File("no-such-data")}'}}\nreward: {{target_ms: 1}}\n");
        var run = NasLabCli.Run("train", "mobilenet-v1-0.5-cifar", "--config", config, "-o", config);
        AssertRefused(run, "--output", config);
        Assert.Contains("--config", run.Err);
        Assert.Equal($"dataset: {{path: '{_dir.File("no-such-data")}'}}\nreward: {{target_ms: 1}}\n", File.ReadAllText(config));
        Assert.False(Directory.Exists(config + ".checkpoints"));
    }

    [Fact]
    public void An_existing_output_is_replaced_by_rename_so_its_other_hard_links_keep_their_data()
    {
        Store();
        var other = _dir.File("kept.html");
        File.WriteAllText(other, "old report");
        var output = _dir.File("out/report.html");
        Directory.CreateDirectory(_dir.File("out"));
        using (var ln = Process.Start("ln", [other, output])) ln.WaitForExit();
        Assert.Equal("old report", File.ReadAllText(output));

        var run = NasLabCli.Run("report", _dir.File("exp"), "-o", output);

        Assert.Equal((ExitCodes.Ok, ""), (run.Code, run.Err));
        Assert.Contains("<html", File.ReadAllText(output), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("old report", File.ReadAllText(other)); // written in place, the shared inode would hold the new report
        Assert.Equal(["report.html"], Directory.GetFiles(_dir.File("out")).Select(Path.GetFileName)); // no temporary left
    }

    [Fact]
    public void A_failed_write_keeps_the_old_output_and_leaves_no_temporary()
    {
        var output = _dir.File("model.cs");
        File.WriteAllText(output, "old code");

        var e = Assert.Throws<UserErrorException>(() => OutputFile.Write("--output", output, temporary =>
        {
            File.WriteAllText(temporary, "half of the new co");
            throw new IOException("No space left on device");
        }));

        Assert.Equal($"--output: cannot write '{output}': No space left on device", e.Message);
        Assert.Equal("old code", File.ReadAllText(output));
        Assert.Equal([output], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void A_symlinked_output_keeps_its_link_and_replaces_the_target()
    {
        Store();
        var target = _dir.File("reports/latest-real.html");
        Directory.CreateDirectory(_dir.File("reports"));
        File.WriteAllText(target, "old report");
        var link = _dir.File("latest.html");
        File.CreateSymbolicLink(link, target);

        var run = NasLabCli.Run("report", _dir.File("exp"), "-o", link);

        Assert.Equal((ExitCodes.Ok, ""), (run.Code, run.Err));
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Contains("<html", File.ReadAllText(target), StringComparison.OrdinalIgnoreCase);
        Assert.Equal([target], Directory.GetFiles(_dir.File("reports")));
    }
}
