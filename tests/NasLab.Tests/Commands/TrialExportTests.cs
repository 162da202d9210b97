using System.Diagnostics;
using System.Text.Json;
using NasLab.Search.Store.LiteDb;
using NasLab.Tests.Support;

namespace NasLab.Tests.Commands;

/// <summary>
/// <c>naslab trials --format csv|json</c> read back by independent parsers: Python's csv and json modules
/// (what pandas builds on), compared with what <c>naslab show --json</c> says of each trial.
/// </summary>
public sealed class TrialExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string SampleDb()
    {
        var db = Path.Combine(_dir.Path, "exp", "trials.db");
        using var store = LiteDbTrialStore.Create(db, Samples.Identity);
        ParetoSample.Fill(store);
        return db;
    }

    /// <summary>Parses <paramref name="file"/> with Python's csv (or json) module and prints one JSON list of rows.</summary>
    private static JsonElement[] ReadWithPython(string file, string format)
    {
        var script = format == "csv"
            ? "import csv, json, sys\nrows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))\nprint(json.dumps(rows))"
            : "import json, sys\nprint(json.dumps(json.load(open(sys.argv[1], encoding='utf-8'))))";
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(file);
        using var python = Process.Start(start)!;
        var output = python.StandardOutput.ReadToEnd();
        var error = python.StandardError.ReadToEnd();
        python.WaitForExit();
        Assert.True(python.ExitCode == 0, $"python could not read the {format}: {error}");
        return JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();
    }

    [Fact]
    public void Csv_and_json_hold_every_trial_as_show_reports_it()
    {
        var db = SampleDb();
        var csv = NasLabCli.Run("trials", db, "--format", "csv");
        var json = NasLabCli.Run("trials", db, "--format", "json");
        Assert.Equal(0, csv.Code);
        Assert.Equal(0, json.Code);
        File.WriteAllText(_dir.File("t.csv"), csv.Out);
        File.WriteAllText(_dir.File("t.json"), json.Out);
        var csvRows = ReadWithPython(_dir.File("t.csv"), "csv");
        var jsonRows = ReadWithPython(_dir.File("t.json"), "json");
        Assert.Equal(10, csvRows.Length);
        Assert.Equal(10, jsonRows.Length);

        for (int id = 1; id <= 10; id++)
        {
            var show = JsonDocument.Parse(NasLabCli.Run("show", db, id.ToString(), "--json").Out).RootElement;
            var c = csvRows[id - 1];
            var j = jsonRows[id - 1];
            Assert.Equal(id.ToString(), c.GetProperty("id").GetString());
            Assert.Equal(id, j.GetProperty("id").GetInt32());
            // show --json spells statuses as the store does
            Assert.Equal(show.GetProperty("Status").GetString(), c.GetProperty("status").GetString());
            Assert.Equal(c.GetProperty("status").GetString(), j.GetProperty("status").GetString());
            foreach (var (column, property) in new[] { ("accuracy", "Accuracy"), ("latency_ms", "LatencyMs"), ("reward", "Reward") })
            {
                var expected = show.GetProperty(property);
                if (expected.ValueKind == JsonValueKind.Null)
                {
                    Assert.Equal("", c.GetProperty(column).GetString());
                    Assert.Equal(JsonValueKind.Null, j.GetProperty(column).ValueKind);
                    continue;
                }
                // Round-trip text: the CSV value parses to exactly the stored double.
                Assert.Equal(expected.GetDouble(), double.Parse(c.GetProperty(column).GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(expected.GetDouble(), j.GetProperty(column).GetDouble());
            }
            Assert.Equal(show.GetProperty("BlockString").GetString(), c.GetProperty("block_string").GetString());
            Assert.Equal(show.GetProperty("Decisions").EnumerateArray().Select(d => d.GetInt32()), j.GetProperty("decisions").EnumerateArray().Select(d => d.GetInt32()));
            Assert.Equal(JsonValueKind.Object, j.GetProperty("architecture").ValueKind);
        }
        // The failed trial's error text survives CSV quoting (it holds a colon; quoting covers commas and quotes too).
        Assert.Equal("diverged: loss is NaN", csvRows[8].GetProperty("error").GetString());
    }

    [Fact]
    public void An_unknown_format_is_refused_with_the_allowed_values()
    {
        var run = NasLabCli.Run("trials", SampleDb(), "--format", "xlsx");
        Assert.Equal(1, run.Code);
        Assert.Contains("csv", run.Err);
        Assert.Contains("json", run.Err);
    }
}
